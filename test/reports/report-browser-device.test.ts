/**
 * A device's certification report opened in a real browser (Debian's Chromium through
 * playwright-core): what a reviewer sees, that nothing leaves the page, that the JUnit parses as
 * XML, and screenshots of a passing and a failing report in test-output/ (issue 5 acceptance).
 * A hub's report: report-browser-hub.test.ts.
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: the tests read what a reviewer sees, which is innerText
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type WrittenReports, writeCertificationReports, writeSummaryReport } from '../../reports/index.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { loadResultFixture } from '../support/reports/fixtures.js';
import { stat, text, useReportBrowser } from '../support/reports/report-browser.js';

// The evaluate callbacks run inside Chromium; the project compiles without the DOM library,
// so they see the few browser globals they use through these declarations.
interface XmlElementLike {
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): ArrayLike<XmlElementLike> & Iterable<XmlElementLike>;
  readonly textContent: string | null;
  readonly nodeName: string;
}
declare const document: {
  getElementById(id: string): { textContent: string | null } | null;
};
declare function getComputedStyle(
  element: unknown,
  pseudo?: string,
): { color: string; left: string; right: string };
declare function requestAnimationFrame(callback: (time: number) => void): number;
declare class DOMParser {
  parseFromString(source: string, type: string): XmlElementLike & { documentElement: XmlElementLike };
}

const OUT = fileURLToPath(new URL('../../test-output/reports/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/', import.meta.url));

const { open, newPage } = useReportBrowser();
const written: Record<'passing' | 'failing', WrittenReports> = {} as never;
let summaryPath: string;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  for (const name of ['passing', 'failing'] as const) {
    written[name] = await writeCertificationReports(await loadResultFixture(name), {
      outDir: join(OUT, name),
    });
  }
  summaryPath = await writeSummaryReport(
    Object.values(written).map((w) => ({ result: w.result, htmlPath: w.htmlPath })),
    OUT,
  );
});

describe('certification report in Chromium', () => {
  it('shows a passing device as certified, with its counts and every requirement that applies passed', async () => {
    const { page, messages } = await open(written.passing.htmlPath);
    expect(await text(page, '#verdict')).toBe('Certified');
    expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('pass');
    const counts = [await stat(page, 'Passed'), await stat(page, 'Failed'), await stat(page, 'Not run')];
    expect(counts).toEqual(['18', '0', '3']);
    expect(await text(page, '[data-stat="Not run"] .stat__note')).toBe('3 not applicable to MQTT');
    expect(await text(page, '#device-id')).toBe('bulb-0001');
    const rules = await page
      .locator('[data-rule]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
    expect(rules).toHaveLength(21);
    expect(rules.slice(0, 2)).toEqual(['EDP-RPC-1', 'EDP-RPC-2']);
    expect(rules.slice(-3)).toEqual(['EDP-WS-1', 'EDP-WS-2', 'EDP-WS-3']);
    expect(await page.locator('[data-rule] .badge').allInnerTexts()).toEqual([
      ...new Array(18).fill('Passed'),
      ...new Array(3).fill('Not applicable'),
    ]);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(5);
    expect(messages).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-passing.png'), fullPage: true });
    await page.close();
  });

  it("shows a failing device's counterexample as a message sequence chart", async () => {
    const { page, messages } = await open(written.failing.htmlPath);
    expect(await text(page, '#verdict')).toBe('Not certified');
    expect(await text(page, '#verdict-headline')).toBe(
      "2 of 18 requirements failed: EDP-PROP-4 and EDP-NOTIFY-2. 3 requirements could not run; each one's row below says why. Checked in --broker mode; EDP-MQTT-1..3 need --listen.",
    );
    const counts = [await stat(page, 'Passed'), await stat(page, 'Failed'), await stat(page, 'Not run')];
    expect(counts).toEqual(['13', '2', '6']);
    const prop4 = page.locator('#rule-edp-prop-4');
    const isOpen = await prop4.evaluate(
      (el) => el.tagName === 'DETAILS' && (el as unknown as { open: boolean }).open,
    );
    expect(isOpen).toBe(true);
    const rows = prop4.locator('.msc-row');
    expect(await rows.count()).toBe(10);
    // Visible direction labels, in order; harness notes carry none.
    expect(await rows.locator('.msc-row__dir:visible').allInnerTexts()).toEqual([
      'harness → device',
      'device → harness',
      'harness → device',
      'device → harness',
      'device → harness',
      'harness → device',
      'device → harness',
    ]);
    expect(await rows.nth(0).locator('.msc-row__msg').innerText()).toBe(
      'command: get_properties [light.brightness (2.2)]',
    );
    const flagged = rows.nth(5);
    expect(await flagged.getAttribute('class')).toContain('msc-row--flagged');
    expect(await flagged.locator('.msc-row__time').innerText()).toContain('+8.9 ms');
    expect(await flagged.locator('.msc-row__msg').innerText()).toBe(
      '{"id": 1843021998, "result": [{"siid": 2, "piid": 2, "code": 0}]}',
    );
    expect(await flagged.locator('dd.expected').innerText()).toBe(
      'code -4005 (invalid value: 101 is outside 1..100)',
    );
    expect(await flagged.locator('dd.observed').innerText()).toBe('code 0 (write accepted)');
    // Arrows point the way the message went: a sent one ends at the device lifeline (right).
    const arrowEnd = (index: number, side: 'left' | 'right') =>
      rows
        .nth(index)
        .locator('.msc-arrow')
        .evaluate((el, at) => getComputedStyle(el, '::after')[at], side);
    expect([await arrowEnd(1, 'right'), await arrowEnd(2, 'left')]).toEqual(['-2px', '-2px']);
    const replay = await prop4.locator('.replay').innerText();
    expect(replay).toContain('--seed 1731 --replay 36:1:0 --only EDP-PROP-4');
    expect(await text(page, '#rule-edp-mqtt-2 .req__reason')).toBe(
      "Not run: cutting the device's connection needs broker control (use --listen)",
    );
    expect(await text(page, '#rule-edp-ws-1 .badge')).toBe('Not applicable');
    expect(messages).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-failing.png'), fullPage: true });

    // <details> opens and closes without any script.
    const body = prop4.locator('.req__body');
    await prop4.locator('summary').click();
    expect(await body.isVisible()).toBe(false);
    await prop4.locator('summary').click();
    expect(await body.isVisible()).toBe(true);
    await page.close();
  });

  it('carries the result it was rendered from, with the digest in the head and the footer, and its styles applied under its CSP', async () => {
    const { page, messages } = await open(written.failing.htmlPath);
    const embedded = await page.evaluate(() =>
      JSON.parse(document.getElementById('fleetcert-result')!.textContent!),
    );
    expect(embedded).toEqual(written.failing.result);
    const digest = written.failing.result.integrity!.digest;
    expect(await page.locator('meta[name="fleetcert-digest"]').getAttribute('content')).toBe(
      `sha256:${digest}`,
    );
    expect(await text(page, '#fleetcert-digest')).toBe(digest);
    // The style sheet is allowed by its hash: the verdict is red, not the default black.
    expect(await page.locator('#verdict').evaluate((el) => getComputedStyle(el).color)).toBe(
      'rgb(185, 28, 28)',
    );
    expect(messages.filter((m) => /Content Security Policy|Refused/.test(m))).toEqual([]);
    await page.close();
  });

  it('sends no request besides loading its own file', async () => {
    for (const path of [written.passing.htmlPath, written.failing.htmlPath, summaryPath]) {
      const { page, requests } = await open(path);
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      expect(requests).toEqual([pathToFileURL(path).href]);
      expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(0);
      await page.close();
    }
  });

  it('would notice a request: the recorder sees one from a page that makes it, and the CSP refuses it in a report', async () => {
    const { writeFile } = await import('node:fs/promises');
    const control = join(OUT, 'control.html');
    await writeFile(control, '<!DOCTYPE html><img src="https://fleetcert.invalid/pixel.png">');
    const plain = await open(control);
    expect(plain.requests).toContain('https://fleetcert.invalid/pixel.png');
    await plain.page.close();

    const report = await readFile(written.passing.htmlPath, 'utf8');
    const injected = join(OUT, 'injected.html');
    await writeFile(
      injected,
      report.replace(
        '<main class="page">',
        '<main class="page"><img src="https://fleetcert.invalid/pixel.png">',
      ),
    );
    const guarded = await open(injected);
    // Even an attempt refused by the CSP is recorded, so the empty list above means no attempt at all.
    expect(guarded.requests).toContain('https://fleetcert.invalid/pixel.png');
    expect(
      guarded.messages.some((m) => m.includes('violates the following Content Security Policy directive')),
    ).toBe(true);
    await guarded.page.close();
  });

  it('prints failed requirements expanded even when they are closed on screen', async () => {
    const { page } = await open(written.failing.htmlPath, 900);
    await page.locator('#rule-edp-prop-4').evaluate((el) => el.removeAttribute('open'));
    expect(await page.locator('#rule-edp-prop-4 .req__body').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#rule-edp-prop-4 .req__body').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-failing-print.png'), fullPage: true });
    await page.close();
  });

  it('writes JUnit XML that parses, with one testsuite and counts equal to the result', async () => {
    const page = await newPage();
    for (const name of ['passing', 'failing'] as const) {
      const xml = await readFile(written[name].junitPath, 'utf8');
      const result: CertificationResult = written[name].result;
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'application/xml');
        const suites = [...doc.getElementsByTagName('testsuite')];
        const cases = [...doc.getElementsByTagName('testcase')];
        const attrs = (el: XmlElementLike | undefined) =>
          Object.fromEntries(
            ['tests', 'failures', 'skipped', 'errors'].map((a) => [a, Number(el?.getAttribute(a))]),
          );
        return {
          parseErrors: doc.getElementsByTagName('parsererror').length,
          root: doc.documentElement.nodeName,
          suites: suites.length,
          suite: attrs(suites[0]),
          rootCounts: attrs(doc.documentElement),
          cases: cases.length,
          failures: cases.filter((c) => c.getElementsByTagName('failure').length > 0).length,
          skipped: cases.filter((c) => c.getElementsByTagName('skipped').length > 0).length,
          failureText: doc.getElementsByTagName('failure')[0]?.textContent ?? null,
        };
      }, xml);
      const counts = {
        tests: result.requirements.length,
        failures: result.counts.failed,
        skipped: result.counts.notRun,
        errors: 0,
      };
      expect(parsed).toMatchObject({
        parseErrors: 0,
        root: 'testsuites',
        suites: 1,
        suite: counts,
        rootCounts: counts,
      });
      expect([parsed.cases, parsed.failures, parsed.skipped]).toEqual([
        counts.tests,
        counts.failures,
        counts.skipped,
      ]);
      if (name === 'failing')
        expect(parsed.failureText).toContain('set_properties [light.brightness (2.2) = 101]');
    }
    await page.close();
  });

  it('links each device from the summary page to its report', async () => {
    const { page, requests } = await open(summaryPath);
    expect(await text(page, '#verdict')).toBe('1 of 2 devices certified');
    expect(
      await page
        .locator('tr[data-device]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device'))),
    ).toEqual(['bulb-0001', 'bulb-0002']);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-summary.png'), fullPage: true });
    await page.unroute('**/*');
    await page.locator('tr[data-device="bulb-0002"] a').click();
    await page.waitForURL(pathToFileURL(written.failing.htmlPath).href);
    expect(await text(page, '#device-id')).toBe('bulb-0002');
    expect(requests.filter((r) => !r.startsWith('file://'))).toEqual([]);
    await page.close();
  });
});

it('keeps its screenshots out of git (test-output/ is ignored)', async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  expect(await readFile(fileURLToPath(new URL('../../.gitignore', import.meta.url)), 'utf8')).toMatch(
    /^test-output\/$/m,
  );
});
