import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { loadResultFixture, readResultFixture } from '../../test/support/reports/fixtures.js';
import { ReportUnreadableError } from '../errors.js';
import { buildReportModel } from '../model/build-report-model.js';
import { renderReportHtml } from '../render/html.js';
import { type ReportTemplates, reportTemplates } from '../render/templates.js';
import { resultDigest, sealResult } from './seal.js';
import { verifyReport } from './verify.js';

let templates: ReportTemplates;
let failing: CertificationResult;
let html: string;
let json: string;

const keyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

function renderPage(sealed: CertificationResult): string {
  return renderReportHtml(buildReportModel(sealed), sealed, templates);
}

/** Replace exactly one occurrence of `from` (which must occur) by `to`. */
function replaceOnce(text: string, from: string, to: string, occurrence = 0): string {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(from, at + 1);
  expect(at, `"${from}" occurs in the report`).toBeGreaterThanOrEqual(0);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function flipByte(text: string, index: number, mask: number): string {
  const bytes = Buffer.from(text, 'utf8');
  bytes[index] = bytes[index]! ^ mask;
  return bytes.toString('utf8');
}

async function detected(content: string, options = {}): Promise<boolean> {
  try {
    return !(await verifyReport(content, { templates, ...options })).unchanged;
  } catch (error) {
    if (error instanceof ReportUnreadableError) return true;
    throw error;
  }
}

beforeAll(async () => {
  templates = await reportTemplates();
  failing = sealResult(await loadResultFixture('failing'));
  html = renderPage(failing);
  json = `${JSON.stringify(failing, null, 2)}\n`;
});

describe('verifyReport', () => {
  it('finds a report as written unchanged, HTML and JSON', async () => {
    for (const content of [html, json]) {
      const outcome = await verifyReport(content, { templates });
      expect(outcome).toMatchObject({
        unchanged: true,
        problems: [],
        digest: failing.integrity?.digest,
        signature: 'none',
      });
      expect(outcome.result).toEqual(failing);
    }
  });

  it('detects one byte of a visible verdict changed in the HTML', async () => {
    const edited = replaceOnce(
      html,
      '<span class="badge badge--fail">Failed</span>',
      '<span class="badge badge--fail">Fai1ed</span>',
    );
    const outcome = await verifyReport(edited, { templates });
    expect(outcome.unchanged).toBe(false);
    expect(outcome.problems).toEqual([
      expect.stringMatching(
        /^its page differs from the page its embedded result renders to, first at line \d+ \(in requirement EDP-PROP-4\): expected `.*Failed.*`, found `.*Fai1ed.*`$/,
      ),
    ]);
  });

  it('detects the banner changed to Certified, and visible counts changed', async () => {
    const banner = replaceOnce(
      html,
      'data-verdict="fail">Not certified</h1>',
      'data-verdict="fail">Certified</h1>',
    );
    expect((await verifyReport(banner, { templates })).problems[0]).toMatch(/\(in the verdict section\)/);
    const counts = replaceOnce(
      html,
      '<span class="stat__value">2</span><span class="stat__label">Failed',
      '<span class="stat__value">0</span><span class="stat__label">Failed',
    );
    expect((await verifyReport(counts, { templates })).problems[0]).toMatch(/\(in the counts section\)/);
  });

  it('detects one byte of a verdict changed in the JSON, and in the HTML-embedded JSON', async () => {
    const editedJson = replaceOnce(json, '"verdict": "not-certified"', '"verdict": "not_certified"');
    expect((await verifyReport(editedJson, { templates })).problems).toEqual([
      expect.stringMatching(
        /^its content does not match its digest: stored sha256:[0-9a-f]{64}, content hashes to sha256:[0-9a-f]{64}$/,
      ),
    ]);
    const editedEmbedded = replaceOnce(html, '"verdict":"failed"', '"verdict":"passed"');
    const outcome = await verifyReport(editedEmbedded, { templates });
    expect(outcome.problems[0]).toMatch(/^its content does not match its digest/);
    expect(
      outcome.problems.some((p) => p.includes('(in the embedded result)') || p.includes('requirement')),
    ).toBe(true);
  });

  it('detects a counterexample changed in the JSON and on the page', async () => {
    const editedJson = replaceOnce(json, '"observed": "code 0 (write accepted)"', '"observed": "code -4005"');
    expect(await detected(editedJson)).toBe(true);
    const editedPage = replaceOnce(
      html,
      '<dd class="observed">code 0 (write accepted)</dd>',
      '<dd class="observed">code -4005</dd>',
    );
    expect(await detected(editedPage)).toBe(true);
  });

  it('detects the digest changed in the JSON, and in the page head, footer or embedded result', async () => {
    const digest = failing.integrity!.digest;
    const other = `${digest.slice(0, -1)}${digest.endsWith('0') ? '1' : '0'}`;
    expect(await detected(replaceOnce(json, digest, other))).toBe(true);
    for (let occurrence = 0; occurrence < 3; occurrence++) {
      expect(await detected(replaceOnce(html, digest, other, occurrence)), `occurrence ${occurrence}`).toBe(
        true,
      );
    }
    expect(await detected(json.replace(/"integrity": \{[^}]*\}/, '"integrity": {}'))).toBe(true);
  });

  it('detects a page made to look like it came from another template', async () => {
    const edited = html.replace(
      /<meta name="fleetcert-template" content="[^"]*">/,
      '<meta name="fleetcert-template" content="fleetcert-report/0+0000">',
    );
    const outcome = await verifyReport(edited, { templates });
    expect(outcome.problems).toEqual([
      expect.stringMatching(
        /^it names report template "fleetcert-report\/0\+0000", but this fleetcert renders with fleetcert-report\/1\+[0-9a-f]{16}/,
      ),
    ]);
  });

  it('detects any single flipped byte in the embedded JSON', async () => {
    const start = Buffer.from(
      html.slice(0, html.indexOf('id="fleetcert-result">') + 'id="fleetcert-result">'.length),
    ).length;
    const end = Buffer.from(html.slice(0, html.lastIndexOf('</script>'))).length;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: start, max: end - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, mask) => {
          const outcome = await verifyReport(flipByte(html, index, mask), { templates });
          expect(outcome.unchanged).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('detects any single flipped byte anywhere in the page', async () => {
    const size = Buffer.byteLength(html);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: size - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, mask) => {
          expect(await detected(flipByte(html, index, mask))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('detects any flipped byte in result.json that changes what it says', async () => {
    const size = Buffer.byteLength(json);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: size - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, mask) => {
          const edited = flipByte(json, index, mask);
          let same = false;
          try {
            same = JSON.stringify(JSON.parse(edited)) === JSON.stringify(failing);
          } catch {}
          fc.pre(!same); // a space turned into a tab changes no data: nothing to detect
          expect(await detected(edited)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('says a file is unreadable when it is not a report at all', async () => {
    await expect(verifyReport('', { templates })).rejects.toThrow(ReportUnreadableError);
    await expect(verifyReport('hello', { source: 'x.txt', templates })).rejects.toThrow(
      'cannot read report x.txt: it is neither JSON nor HTML.',
    );
    await expect(verifyReport('<html><body>hi</body></html>', { templates })).rejects.toThrow(
      /it is HTML, but not a fleetcert report/,
    );
    await expect(verifyReport('{"name":"package"}', { templates })).rejects.toThrow(
      /it is JSON, but not a fleetcert certification result/,
    );
  });
});

describe('verifyReport with signatures', () => {
  it('round-trips: signed with the private key, verified with the public key', async () => {
    const { privatePem, publicPem } = keyPair();
    const signed = sealResult(await loadResultFixture('passing'), { signKey: privatePem });
    for (const content of [renderPage(signed), JSON.stringify(signed)]) {
      const outcome = await verifyReport(content, { templates, publicKeyPem: publicPem });
      expect(outcome).toMatchObject({ unchanged: true, signature: 'given-key' });
      expect(outcome.keyFingerprint).toMatch(/^SHA256:/);
    }
  });

  it('fails with the wrong public key, naming both keys', async () => {
    const signer = keyPair();
    const other = keyPair();
    const signed = sealResult(await loadResultFixture('passing'), { signKey: signer.privatePem });
    const outcome = await verifyReport(JSON.stringify(signed), { templates, publicKeyPem: other.publicPem });
    expect(outcome.unchanged).toBe(false);
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^it is signed by key SHA256:\S+, not by the given public key SHA256:\S+$/),
    ]);
  });

  it('fails when the signature was removed but a public key is expected', async () => {
    const { privatePem, publicPem } = keyPair();
    const signed = sealResult(await loadResultFixture('passing'), { signKey: privatePem });
    const stripped = { ...signed, integrity: { algorithm: 'sha256', digest: signed.integrity!.digest } };
    const outcome = await verifyReport(JSON.stringify(stripped), { templates, publicKeyPem: publicPem });
    expect(outcome.problems).toEqual([
      'it is not signed, but a public key was given: its signature was removed, or it was never signed',
    ]);
  });

  it('fails when the content was re-sealed after an edit but the old signature kept', async () => {
    const { privatePem, publicPem } = keyPair();
    const signed = sealResult(await loadResultFixture('failing'), { signKey: privatePem });
    const forged = sealResult({ ...signed, verdict: 'certified' } as CertificationResult);
    const withOldSignature = {
      ...forged,
      integrity: { ...forged.integrity!, signature: signed.integrity!.signature },
    };
    const outcome = await verifyReport(JSON.stringify(withOldSignature), {
      templates,
      publicKeyPem: publicPem,
    });
    expect(outcome.problems).toEqual([
      expect.stringMatching(/^its Ed25519 signature \(key SHA256:\S+\) does not match its content$/),
    ]);
  });

  it('detects a flipped byte in the signature value', async () => {
    const { privatePem } = keyPair();
    const signed = sealResult(await loadResultFixture('passing'), { signKey: privatePem });
    const value = signed.integrity!.signature!.value;
    const flipped = `${value[0] === 'A' ? 'B' : 'A'}${value.slice(1)}`;
    expect(await detected(JSON.stringify(signed).replace(value, flipped))).toBe(true);
    expect(await detected(renderPage(signed).replace(value, flipped))).toBe(true);
  });
});

describe('verifyReport for a hub and for results of schema /1', () => {
  it('finds a hub report unchanged, and notices a lane or a token name changed on its page', async () => {
    const hub = sealResult(await loadResultFixture('hub-failing'));
    const page = renderPage(hub);
    expect(await verifyReport(page, { templates })).toMatchObject({ kind: 'html', unchanged: true });
    expect(await verifyReport(`${JSON.stringify(hub)}\n`, { templates })).toMatchObject({ unchanged: true });
    expect(await detected(replaceOnce(page, 'data-lane="app-b#1"', 'data-lane="app-c#1"'))).toBe(true);
    expect(await detected(replaceOnce(page, '<code>bulb-0001</code>', '<code>tv-0001</code>'))).toBe(true);
    expect(await detected(replaceOnce(page, 'app-a, app-b, app-c', 'app-a, app-c'))).toBe(true);
  });

  it('verifies a sealed /1 device result as written, and gives it back read as /2', async () => {
    const v1 = await readResultFixture('v1/failing');
    const sealed = { ...v1, integrity: { algorithm: 'sha256', digest: resultDigest(v1) } };
    const outcome = await verifyReport(JSON.stringify(sealed), { templates });
    expect(outcome).toMatchObject({ kind: 'json', unchanged: true, digest: resultDigest(v1) });
    expect(outcome.result?.schema).toBe('fleetcert.certification-result/2');
    expect(outcome.result?.subject).toMatchObject({ kind: 'device', id: 'bulb-0002' });
    const edited = { ...sealed, verdict: 'certified' };
    expect((await verifyReport(JSON.stringify(edited), { templates })).unchanged).toBe(false);
  });
});
