/**
 * Acceptance: against a healthy Mosquitto the scenario exits 0; against a cloud that silently
 * drops a share of its messages (a lossy relay in front of the same Mosquitto) the loss shows
 * in the counts and the run exits 1 on a loss threshold, naming it and the measured value.
 * The healthy run's HTML report is opened in headless Chromium and photographed.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../load/index.js';
import { counterValue } from '../../load/measure/counters.js';
import { type LossyRelay, startLossyRelay } from '../support/lossy-mqtt-relay.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { launchChromium } from '../support/reports/report-browser.js';
import { type CliRun, runCli } from './cli.js';
import { writeScenario } from './scenario.js';

let mosquitto: RunningMosquitto;
let relay: LossyRelay;
let healthy: { run: CliRun; result: LoadResult; out: string };
let lossy: { run: CliRun; result: LoadResult; out: string };

async function run(broker: string, prefix: string) {
  const scenario = await writeScenario();
  const out = await mkdtemp(join(tmpdir(), 'fleetcert-load-out-'));
  const cli = await runCli([
    'load',
    scenario,
    '--broker',
    broker,
    '--set',
    `idPrefix=${prefix}`,
    '--out',
    out,
  ]);
  const result = JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
  return { run: cli, result, out };
}

beforeAll(async () => {
  mosquitto = await startMosquitto();
  relay = await startLossyRelay({ upstreamPort: mosquitto.port, dropShare: 0.05, seed: 11 });
  // Both runs at once (their devices have different ids), to keep the file quick.
  [healthy, lossy] = await Promise.all([run(mosquitto.url, 'ok-'), run(relay.url, 'lossy-')]);
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  await mosquitto?.stop();
});

describe('fleetcert load against a healthy and a lossy cloud', () => {
  it('healthy Mosquitto: every request answered and checked, every notification delivered, exit 0', () => {
    const { run: cli, result } = healthy;
    expect(cli.stdout).toContain('verdict: PASSED');
    expect(cli.code).toBe(0);
    const c = result.counters;
    expect(c.rpc.sent).toBeGreaterThan(150);
    expect(c.rpc.answered).toBe(c.rpc.sent);
    expect(counterValue(c, 'rpc', 'errors')).toBe(0);
    expect(c.notify.published).toBeGreaterThan(50);
    expect(c.notify.delivered).toBe(c.notify.published);
    expect(c.connect.count).toBe(40);
    expect(result.histograms.rpc.count).toBe(c.rpc.answered);
    expect(result.devices).toEqual({ planned: 40, withTelemetry: 36 });
  });

  it('lossy cloud: the loss is counted and the run exits 1 naming the failed threshold', () => {
    const { run: cli, result } = lossy;
    expect(relay.dropped()).toBeGreaterThan(0);
    const c = result.counters;
    expect(c.rpc.lost).toBeGreaterThan(0);
    expect(c.rpc.answered + c.rpc.lost).toBe(c.rpc.sent);
    expect(counterValue(c, 'notify', 'lost')).toBeGreaterThan(0);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(
      /verdict: FAILED.*rpc\.lost<0\.1% \(measured [\d.]+% \(\d+ of \d+ rpc\.sent\)\)/,
    );
    expect(result.thresholds.find((t) => t.threshold === 'rpc.lost<0.1%')?.holds).toBe(false);
    expect(result.errors.some((e) => e.kind === 'lost')).toBe(true);
  });

  it('the HTML load report opens in headless Chromium with its verdict, thresholds and charts', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (message) => problems.push(message.text()));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      await page.goto(`file://${resolve(healthy.out, 'load-report.html')}`);
      await expect(page.locator('#verdict').textContent()).resolves.toBe('Thresholds hold');
      expect(await page.locator('[data-threshold]').count()).toBe(7);
      expect(await page.locator('.badge--fail').count()).toBe(0);
      expect(await page.locator('svg.line-chart polyline').count()).toBeGreaterThanOrEqual(8);
      const box = await page.locator('[data-section="percentiles"] svg').boundingBox();
      expect(box?.width).toBeGreaterThan(500);
      await page.screenshot({ path: 'test-output/load-report.png', fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
