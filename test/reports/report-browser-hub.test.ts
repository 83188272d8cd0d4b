/**
 * A hub's certification report opened in a real browser (Debian's Chromium through
 * playwright-core): the hub, its fleet and app tokens beside the verdict, a counterexample drawn
 * with a lifeline per party, the sealed result verifying, and the summary listing the hub beside
 * devices; screenshots in test-output/. A device's report: report-browser-device.test.ts.
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: the tests read what a reviewer sees, which is innerText
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  verifyReport,
  type WrittenReports,
  writeCertificationReports,
  writeSummaryReport,
} from '../../reports/index.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { loadResultFixture, readResultFixture } from '../support/reports/fixtures.js';
import { text, useReportBrowser } from '../support/reports/report-browser.js';

// The evaluate callbacks run inside Chromium; the project compiles without the DOM library,
// so they see the few browser globals they use through these declarations.
declare const document: {
  getElementById(id: string): { textContent: string | null } | null;
  readonly body: { readonly innerText: string };
};

/** Apart from report-browser-device.test.ts's folder, which that file empties when it starts. */
const OUT = fileURLToPath(new URL('../../test-output/reports-hub/', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/', import.meta.url));

const { open } = useReportBrowser();
/** A hub's reports, a /1 device result rendered again, and a summary of the hub beside devices. */
let hub: WrittenReports;
let v1: WrittenReports;
let mixedSummaryPath: string;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  const failing = await writeCertificationReports(await loadResultFixture('failing'), {
    outDir: join(OUT, 'failing'),
  });
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
    [hub, v1, failing].map((w) => ({ result: w.result, htmlPath: w.htmlPath })),
    join(OUT, 'mixed'),
  );
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
