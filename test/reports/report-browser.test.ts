/**
 * Certification reports opened in a real browser (Debian's Chromium through playwright-core):
 * what a reviewer sees, that nothing leaves the page, that the JUnit parses as XML, and
 * screenshots of a passing and a failing report in test-output/ (issue 5 acceptance).
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: the tests read what a reviewer sees, which is innerText
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  verifyReport,
  type WrittenReports,
  writeCertificationReports,
  writeSummaryReport,
} from '../../reports/index.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { loadResultFixture, readResultFixture } from '../support/reports/fixtures.js';

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
  readonly body: { readonly innerText: string };
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

let browser: Browser;
const written: Record<'passing' | 'failing', WrittenReports> = {} as never;
let summaryPath: string;
/** A hub's reports, a /1 device result rendered again, and a summary of the hub beside devices. */
let hub: WrittenReports;
let v1: WrittenReports;
let mixedSummaryPath: string;

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
  hub = await writeCertificationReports(await loadResultFixture('hub-failing'), {
    outDir: join(OUT, 'mixed', 'hub'),
  });
  v1 = await writeCertificationReports(
    (await readResultFixture('v1/passing')) as unknown as CertificationResult,
    {
      outDir: join(OUT, 'mixed', 'v1'),
    },
  );
  mixedSummaryPath = await writeSummaryReport(
    [hub, v1, written.failing].map((w) => ({ result: w.result, htmlPath: w.htmlPath })),
    join(OUT, 'mixed'),
  );
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** A page that records every request and every console message or error it sees. */
async function open(
  path: string,
  width = 1280,
): Promise<{ page: Page; requests: string[]; messages: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  const messages: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => messages.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  await page.route('**/*', (route) =>
    route.request().url() === pathToFileURL(path).href ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, requests, messages };
}

const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
const stat = (page: Page, label: string) => text(page, `[data-stat="${label}"] .stat__value`);

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
      '2 of 18 requirements failed: EDP-PROP-4 and EDP-NOTIFY-2. 3 requirements could not run in this mode.',
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
    const page = await browser.newPage();
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

describe('hub certification report in Chromium', () => {
  it('shows the hub, its fleet and its app tokens by name beside the verdict, and no secret anywhere', async () => {
    const { page, messages } = await open(hub.htmlPath);
    expect(await text(page, '#verdict')).toBe('Not certified');
    expect(await text(page, '#verdict-headline')).toBe(
      '2 of 5 requirements failed: EDP-HUB-1 and EDP-HUB-3.',
    );
    expect(await text(page, '#hub-target')).toBe('fleetcert hub --fault action-keeps-device-id');
    expect(await text(page, '#hub-fleet')).toBe(
      '6 devices (3 × fleetcert.bulb.v1, 1 × fleetcert.purifier.v1, 2 × fleetcert.tv.v1)',
    );
    expect(await text(page, '#hub-apps')).toBe('app-a, app-b, app-c');
    const facts = await page.locator('.facts').innerText();
    expect(facts).toContain('ws://127.0.0.1:41873/edp/1/hub');
    expect(facts).toContain('every device ("*")');
    expect(
      await page.locator('[data-rule]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule'))),
    ).toEqual(['EDP-HUB-1', 'EDP-HUB-2', 'EDP-HUB-3', 'EDP-HUB-4', 'EDP-HUB-5']);
    const everything = `${await page.evaluate(() => document.body.innerText)}${await readFile(hub.htmlPath, 'utf8')}`;
    expect(everything).not.toMatch(/"token"|secret-|password/i);
    expect(messages).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-hub.png'), fullPage: true });
    await page.close();
  });

  it('draws a counterexample with a lifeline per app connection, the hub and each device, arrows between them', async () => {
    const { page, messages } = await open(hub.htmlPath);
    const chart = page.locator('#rule-edp-hub-3 .msc--lanes');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('[data-lane]').allInnerTexts()).toEqual([
      'APP CONNECTION\napp-a#1',
      'APP CONNECTION\napp-b#1',
      'HUB\nhub',
      'DEVICE\nbulb-0001',
    ]);
    const rows = chart.locator('.msc-row');
    expect(await rows.count()).toBe(10);
    expect(await rows.locator('.msc-row__dir:visible').allInnerTexts()).toEqual([
      'app-a#1 → hub',
      'hub → app-a#1',
      'app-b#1 → hub',
      'hub → app-b#1',
      'bulb-0001 → hub',
      'hub → app-a#1',
      'hub → app-b#1',
    ]);
    // Each arrow runs between the two lifelines it names, as drawn on the screen.
    const lifeline = async (name: string) => {
      const box = await chart.locator(`[data-lane="${name}"]`).boundingBox();
      return box!.x + box!.width / 2;
    };
    const arrow = async (step: number) => {
      const box = await rows
        .nth(step - 1)
        .locator('line.msc-line')
        .boundingBox();
      return [box!.x, box!.x + box!.width];
    };
    const near = (a: number, b: number) => Math.abs(a - b) < 6;
    const [appB, hubX, bulb] = [
      await lifeline('app-b#1'),
      await lifeline('hub'),
      await lifeline('bulb-0001'),
    ];
    const [left10, right10] = await arrow(10);
    expect([near(left10!, appB), near(right10!, hubX)]).toEqual([true, true]);
    const [left8, right8] = await arrow(8);
    expect([near(left8!, hubX), near(right8!, bulb)]).toEqual([true, true]);
    const flagged = rows.nth(9);
    expect(await flagged.getAttribute('class')).toContain('msc-row--flagged');
    expect(await flagged.getAttribute('data-party')).toBe('app-b#1');
    expect(await flagged.locator('dd.observed').innerText()).toBe('device.properties_changed for bulb-0001');
    expect(await rows.nth(6).locator('circle.msc-dot').count()).toBe(1);
    expect(await rows.nth(6).locator('.msc-note').innerText()).toBe(
      'bulb-0001fleet: bulb-0001 notifies light.on (2.1) = true',
    );
    expect(messages).toEqual([]);
    await page.locator('#rule-edp-hub-3').screenshot({ path: join(SCREENSHOTS, 'report-hub-lanes.png') });
    await page.close();
  });

  it('carries its sealed result, which verifies, and a /1 device result renders and verifies too', async () => {
    const { page } = await open(hub.htmlPath);
    const embedded = await page.evaluate(() =>
      JSON.parse(document.getElementById('fleetcert-result')!.textContent!),
    );
    expect(embedded).toEqual(hub.result);
    await page.close();
    for (const w of [hub, v1]) {
      expect(await verifyReport(await readFile(w.htmlPath, 'utf8'))).toMatchObject({
        kind: 'html',
        unchanged: true,
      });
      expect(await verifyReport(await readFile(w.jsonPath, 'utf8'))).toMatchObject({
        kind: 'json',
        unchanged: true,
      });
    }
    expect(v1.result.schema).toBe('fleetcert.certification-result/2');
    const old = await open(v1.htmlPath);
    expect(await text(old.page, '#device-id')).toBe('bulb-0001');
    expect(await text(old.page, '#verdict')).toBe('Certified');
    await old.page.close();
  });

  it('lists the hub beside the devices on the summary page, each linking to its report', async () => {
    const { page, requests } = await open(mixedSummaryPath);
    expect(await text(page, '#verdict')).toBe('1 of 3 certified (1 hub, 2 devices)');
    expect(
      await page.locator('tr[data-hub]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-hub'))),
    ).toEqual(['fleetcert hub --fault action-keeps-device-id']);
    expect(
      await page
        .locator('tr[data-device]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device'))),
    ).toEqual(['bulb-0001', 'bulb-0002']);
    expect(await text(page, 'tr[data-hub] .sub')).toBe(
      'ws://127.0.0.1:41873/edp/1/hub · apps app-a, app-b, app-c',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'report-summary-hub.png'), fullPage: true });
    await page.unroute('**/*');
    await page.locator('tr[data-hub] a').click();
    await page.waitForURL(pathToFileURL(hub.htmlPath).href);
    expect(await text(page, '#hub-target')).toBe('fleetcert hub --fault action-keeps-device-id');
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
