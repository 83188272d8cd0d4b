/**
 * Acceptance: `fleetcert simulate --fleet … --metrics` serves Prometheus metrics while the fleet
 * runs (the CLI as a child process, a real Mosquitto, in one process and over two workers): the
 * connected gauge equals the fleet size, the request counter equals the requests a controller
 * sent, exactly, the telemetry counters grow while the fleet runs, and the summary printed at
 * the end agrees with the last scrape. The endpoint closes when the fleet stops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectFleetController } from '../support/fleet-controller.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { freePort } from '../support/ports.js';
import { type PromSample, sampleValue, scrape } from '../support/prometheus-text.js';

const BIN = new URL('../../bin/fleetcert.js', import.meta.url).pathname;
const FLEET = 10;
const REQUESTS = 25;

let broker: RunningMosquitto;
let child: ChildProcess | undefined;
beforeAll(async () => {
  broker = await startMosquitto();
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});
afterAll(async () => {
  await broker?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Scrapes until `done` holds for a scrape (every 100 ms, up to `timeoutMs`); returns that scrape. */
async function scrapeUntil(
  url: string,
  done: (s: PromSample[]) => boolean,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await scrape(url);
    if (samples && done(samples)) return samples;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}; last scrape: ${JSON.stringify(samples?.filter((s) => s.name.startsWith('fleetcert_devices') || s.name.startsWith('fleetcert_connect')))}`,
      );
    await sleep(100);
  }
}

describe('fleetcert simulate --fleet --metrics', () => {
  for (const workers of [1, 2]) {
    it(`counts what the fleet does, exactly where it can be known (${workers} process${workers > 1 ? 'es' : ''})`, async () => {
      const prefix = `metrics${workers}-`;
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/metrics`;
      const args = [
        BIN,
        'simulate',
        '--fleet',
        'bulb=6,purifier=4',
        '--broker',
        broker.url,
        '--id-prefix',
        prefix,
        '--token',
        'T',
        '--telemetry',
        '2',
        '--workers',
        String(workers),
        '--metrics',
        `127.0.0.1:${port}`,
        '--log-level',
        'warn',
      ];
      const running = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = running;
      let output = '';
      running.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      running.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      const exited = new Promise<number | null>((resolve) => running.once('exit', (code) => resolve(code)));

      const connected = (s: PromSample[]) => sampleValue(s, 'fleetcert_devices_connected', { shard: '0' });
      const all = await scrapeUntil(
        url,
        (s) => s.length > 0 && connected(s) === FLEET,
        'every device connected',
      );
      expect(sampleValue(all, 'fleetcert_devices')).toBe(FLEET);
      expect(sampleValue(all, 'fleetcert_connects_total')).toBe(FLEET);
      expect(sampleValue(all, 'fleetcert_connect_errors_total')).toBe(0);
      expect(sampleValue(all, 'fleetcert_run_info', { command: 'simulate', workers: String(workers) })).toBe(
        1,
      );
      expect(output).toContain(`metrics: ${url}\n`);

      const controller = await connectFleetController(broker.url);
      try {
        for (let i = 0; i < REQUESTS; i++) {
          const device = `${prefix}${i % 2 === 0 ? 'bulb' : 'purifier'}-000${1 + (i % 4)}`;
          await controller.request(device, 'get_properties', [{ siid: 1, piid: 1 }]);
        }
      } finally {
        await controller.close();
      }
      const requests = (s: PromSample[]) =>
        sampleValue(s, 'fleetcert_messages_in_total', { kind: 'request' });
      const served = await scrapeUntil(url, (s) => requests(s) >= REQUESTS, `${REQUESTS} requests counted`);
      expect(requests(served)).toBe(REQUESTS);
      const telemetry = (s: PromSample[]) => sampleValue(s, 'fleetcert_telemetry_steps_total');
      const notifications = (s: PromSample[]) =>
        sampleValue(s, 'fleetcert_messages_out_total', { kind: 'notification' });
      const later = await scrapeUntil(
        url,
        (s) => telemetry(s) > telemetry(served) && notifications(s) > notifications(served),
        'more telemetry steps and notifications',
      );
      expect(requests(later)).toBe(REQUESTS);
      expect(connected(later)).toBe(FLEET);

      running.kill('SIGINT');
      expect(await exited, output).toBe(0);
      expect(await scrape(url)).toBeUndefined();
      expect(output).toContain(`${REQUESTS} requests served`);
      const summaryTelemetry = Number(
        /(\d[\d,]*) telemetry notifications/.exec(output)?.[1]?.replace(/,/g, ''),
      );
      expect(summaryTelemetry).toBeGreaterThanOrEqual(notifications(later));
    }, 120_000);
  }
});
