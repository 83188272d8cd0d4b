/**
 * Issue 21's report fixes, looked at in Chromium at 1400 px and 800 px: the summary's hub row
 * keeps its digest clear of "Open report →"; a note on a passed rule is neutral, not the amber of
 * "Not run"; rules judged together say their time is shared; a device's messages name their
 * properties beside the JSON; a counterexample of the setup alone says what that means instead
 * of an empty command box; a hub's latency says it includes EDP-HUB-2's deliberate waits.
 * Screenshots go to test-output/ (ignored by git).
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: the tests read what a reviewer sees, which is innerText
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WrittenReports, writeCertificationReports, writeSummaryReport } from '../../reports/index.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { readResultFixture } from '../support/reports/fixtures.js';

declare function getComputedStyle(element: unknown): { borderLeftColor: string; backgroundColor: string };
declare const document: { readonly documentElement: { readonly scrollWidth: number } };

const OUT = fileURLToPath(new URL('../../test-output/reports-presentation/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/', import.meta.url));
const WIDTHS = [1400, 800] as const;

// biome-ignore lint/suspicious/noExplicitAny: the variants edit fixture JSON the types describe strictly
type Doc = Record<string, any>;

/** A fixture, unsealed (so it is sealed anew once edited), changed by `edit`. */
async function variant(name: 'passing' | 'failing' | 'hub-failing', edit: (r: Doc) => void) {
  const doc = structuredClone(await readResultFixture(name)) as Doc;
  delete doc.integrity;
  edit(doc);
  return doc as unknown as CertificationResult;
}

let browser: Browser;
let device: WrittenReports;
let hub: WrittenReports;
let summaryPath: string;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  device = await writeCertificationReports(
    await variant('failing', (r) => {
      r.subject.propertyNames = { '2.1': 'light.on', '2.2': 'light.brightness' };
      // The model-based suite judges its rules together: the result gives each the suite's time.
      for (const q of r.requirements)
        if (q.verdict === 'passed' && /RPC|PROP|ACT|NOTIFY/.test(q.rule)) q.durationMs = 16_300;
      const rpc4 = r.requirements.find((q: Doc) => q.rule === 'EDP-RPC-4');
      rpc4.notes = ['graceful shutdown was not observed: check it by switching the device off'];
      rpc4.cases = {
        enumerated: 3,
        sent: ['malformed frame: not JSON', 'malformed frame: no id', 'malformed frame: id null'],
      };
      r.requirements.find((q: Doc) => q.rule === 'EDP-NOTIFY-2').counterexample.commands = [];
    }),
    { outDir: join(OUT, 'device') },
  );
  hub = await writeCertificationReports(
    await variant('hub-failing', (r) => {
      r.latency.samplesMs = [...r.latency.samplesMs, 2002.2, 2004.9];
      r.latency.p99Ms = 2002.2;
      r.latency.maxMs = 2004.9;
    }),
    { outDir: join(OUT, 'hub') },
  );
  summaryPath = await writeSummaryReport(
    [hub, device].map((w) => ({ result: w.result, htmlPath: w.htmlPath })),
    OUT,
  );
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
});

async function open(path: string, width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return page;
}

const box = async (page: Page, selector: string) => {
  const found = await page.locator(selector).first().boundingBox();
  if (found === null) throw new Error(`${selector} is not displayed`);
  return found;
};

describe.each(WIDTHS)('at %i px', (width) => {
  it('the summary keeps every row on the page, the hub digest clear of its link', async () => {
    const page = await open(summaryPath, width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const link = await box(page, 'tr[data-hub] .col-link a');
    expect(link.x + link.width).toBeLessThanOrEqual(width);
    const digest = page.locator('tr[data-hub] td.col-digest');
    if (await digest.isVisible()) {
      const d = await box(page, 'tr[data-hub] td.col-digest');
      expect(d.x + d.width).toBeLessThanOrEqual(link.x);
      // The digest's text fits its cell: before the fix it ran on under "Open report →".
      expect(await digest.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    } else {
      // Narrow pages drop the digest column (each report carries its digest), never the link.
      expect(width).toBeLessThan(900);
    }
    const verdict = await box(page, 'tr[data-hub] .badge');
    const passed = await box(page, 'tr[data-hub] td.num');
    expect(verdict.x + verdict.width).toBeLessThanOrEqual(passed.x + passed.width - 8);
    await page.screenshot({ path: join(SCREENSHOTS, `report-summary-${width}.png`), fullPage: true });
    await page.close();
  });

  it('the device report: a neutral note and closed cases on a pass, shared time, property names, a setup-alone counterexample explained', async () => {
    const page = await open(device.htmlPath, width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const note = page.locator('#rule-edp-rpc-4 [data-note]');
    expect(await note.getAttribute('class')).toBe('req__note req__note--info');
    // Neutral grey, not the amber (#f59e0b) of a rule that did not run.
    expect(await note.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe('rgb(203, 213, 225)');
    expect(
      await page
        .locator('#rule-edp-mqtt-2 .req__reason')
        .evaluate((el) => getComputedStyle(el).borderLeftColor),
    ).toBe('rgb(245, 158, 11)');
    const cases = page.locator('#rule-edp-rpc-4 [data-cases]');
    expect(await cases.locator('summary').innerText()).toBe('Enumerated cases sent: 3 of 3');
    expect(await cases.locator('li').first().isVisible()).toBe(false);
    if (width === 1400) {
      expect(await page.locator('#rule-edp-rpc-1 .req__time').innerText()).toBe('shared');
      expect(await page.locator('#rule-edp-mqtt-1 .req__time').innerText()).not.toBe('shared');
      expect(await page.locator('#rule-edp-prop-4 .req__time').innerText()).not.toBe('shared');
    }
    expect(await page.locator('#requirements-note').innerText()).toContain(
      'judged together, each run checking all of them, in 16.3 s',
    );
    const prop4 = page.locator('#rule-edp-prop-4');
    expect(await prop4.locator('.msc-row').nth(5).locator('[data-properties]').innerText()).toBe(
      'light.brightness (2.2): code 0',
    );
    // The read before the write: a value and code 0 read as the value alone; the write names what it sets.
    expect(await prop4.locator('.msc-row').nth(2).locator('[data-properties]').innerText()).toBe(
      'light.brightness (2.2) = 50',
    );
    const write = prop4.locator('.msc-row').nth(4);
    expect(await write.locator('.msc-row__title').innerText()).toMatch(/^set_properties/);
    expect(await write.locator('[data-properties]').innerText()).toBe('light.brightness (2.2) = 101');
    const notify2 = page.locator('#rule-edp-notify-2');
    await notify2.evaluate((el) => el.setAttribute('open', ''));
    expect(await notify2.locator('ol.cx__commands').count()).toBe(0);
    const none = notify2.locator('.cx__commands--none');
    expect(await none.innerText()).toMatch(
      /^None: the run’s setup alone shows this failure\. The setup is .+ the replay beside reruns exactly that\.$/,
    );
    expect((await notify2.locator('.replay').innerText()).trim()).not.toBe('');
    await page.screenshot({
      path: join(SCREENSHOTS, `report-device-presentation-${width}.png`),
      fullPage: true,
    });
    await page.close();
  });

  it("the hub report says its latency includes EDP-HUB-2's deliberate waits", async () => {
    const page = await open(hub.htmlPath, width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const note = await page.locator('#latency-note').innerText();
    expect(note).toContain(
      'EDP-HUB-2 has the hub answer -4011 once its device deadline (2,000 ms) has passed',
    );
    expect(note).toMatch(/so 2 sampled responses of \d+ took that long by design/);
    expect(note).toMatch(/Without them, the sampled p99 is [\d.,]+ ms\.$/);
    await page
      .locator('[data-section="latency"]')
      .screenshot({ path: join(SCREENSHOTS, `report-hub-latency-${width}.png`) });
    await page.close();
  });
});
