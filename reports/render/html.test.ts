import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { loadResultFixture, reverseMemberOrder } from '../../test/support/reports/fixtures.js';
import { sealResult } from '../integrity/seal.js';
import { buildReportModel } from '../model/build-report-model.js';
import { renderReportHtml } from './html.js';
import { reportTemplates } from './templates.js';

async function render(result: CertificationResult): Promise<string> {
  const sealed = sealResult(result);
  return renderReportHtml(buildReportModel(sealed), sealed, await reportTemplates());
}

const embedded = (html: string) =>
  JSON.parse(/<script type="application\/json" id="fleetcert-result">([\s\S]*?)<\/script>/.exec(html)![1]!);

describe('HTML report page', () => {
  it('is self-contained: nothing to fetch, nothing to run', async () => {
    const html = await render(await loadResultFixture('failing'));
    expect(html).not.toMatch(/\s(src|srcset|action|poster|data)=/i);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|form|base)\b/i);
    expect(html).not.toMatch(/url\(|@import|https?:\/\//i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="application/json" id="fleetcert-result">',
    ]);
    const href = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(href.every((h) => h?.startsWith('#'))).toBe(true);
  });

  it('states a CSP that allows only its own style sheet, by hash', async () => {
    const html = await render(await loadResultFixture('passing'));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(css).digest('base64');
    expect(csp).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`,
    );
  });

  it('embeds the sealed result it was rendered from, and its digest', async () => {
    const result = await loadResultFixture('failing');
    const sealed = sealResult(result);
    const html = await render(result);
    expect(embedded(html)).toEqual(sealed);
    expect(html).toContain(`<meta name="fleetcert-digest" content="sha256:${sealed.integrity?.digest}">`);
    expect(html).toContain(
      `<div class="footer__digest" id="fleetcert-digest">${sealed.integrity?.digest}</div>`,
    );
  });

  it('renders the same data to the same bytes, whatever the member order', async () => {
    const result = await loadResultFixture('failing');
    expect(await render(reverseMemberOrder(result))).toBe(await render(result));
  });

  it('keeps hostile device text inert: escaped on the page, unable to leave the JSON block', async () => {
    const base = await loadResultFixture('failing');
    const templates = await reportTemplates();
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'binary', maxLength: 40 })
          .map((s) => `</script><script>alert(1)</script><!-- ${s} <b>`),
        async (hostile) => {
          const result = structuredClone(base) as unknown as {
            requirements: { counterexample?: { trace: { message: unknown }[]; summary: string } }[];
          };
          const failed = result.requirements.find((r) => r.counterexample)!.counterexample!;
          failed.trace[0]!.message = hostile;
          failed.summary = hostile;
          const sealed = sealResult(result as unknown as CertificationResult);
          const html = renderReportHtml(buildReportModel(sealed), sealed, templates);
          expect(html.match(/<script\b/g)).toHaveLength(1);
          expect(html).not.toContain('<b>');
          expect(embedded(html)).toEqual(JSON.parse(JSON.stringify(sealed)));
        },
      ),
      { numRuns: 30 },
    );
  });
});
