/**
 * Acceptance: `fleetcert load --metrics` serves Prometheus metrics during a real run (a real
 * Mosquitto, the CLI as a child process, shard 1 of 2 so the shard label is not the default 0),
 * and what a scraper saw agrees with the result file
 * written at the end: the connected gauge reached the fleet size and never passed it, and the
 * last scrape's counters and round-trip histogram equal the result's counts exactly (the drain,
 * one deadline long, leaves every answer in before the run ends). Then the endpoint is closed.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../load/index.js';
import { decodeHistogram } from '../../load/measure/histogram.js';
import { cumulativeCounts, LATENCY_BUCKETS_S } from '../../src/metrics/index.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { freePort } from '../support/ports.js';
import { type PromSample, sampleValue, scrape, sumOf } from '../support/prometheus-text.js';
import { runCli } from './cli.js';
import { TEST_SCENARIO, writeScenario } from './scenario.js';

let mosquitto: RunningMosquitto;
beforeAll(async () => {
  mosquitto = await startMosquitto();
});
afterAll(async () => {
  await mosquitto?.stop();
});

// Shard 1 of 2 holds every other device of the connect order.
const SHARD_DEVICES = TEST_SCENARIO.fleet.reduce((sum, entry) => sum + entry.count, 0) / 2;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fleetcert load --metrics', () => {
  it('a scrape during the run agrees with the result file, exactly', async () => {
    // A 4 s deadline is a 4 s drain at the end: every answer is in long before the endpoint closes.
    const scenario = await writeScenario({ broker: { url: mosquitto.url }, deadline: '4s' });
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-load-metrics-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const running = runCli([
      'load',
      scenario,
      '--metrics',
      String(port),
      '--shard',
      '1/2',
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    let exited = false;
    void running.then(() => {
      exited = true;
    });
    const scrapes: PromSample[][] = [];
    while (!exited) {
      const samples = await scrape(url);
      if (samples) scrapes.push(samples);
      await sleep(100);
    }
    const run = await running;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`metrics: ${url}\n`);
    expect(await scrape(url)).toBeUndefined();
    expect(scrapes.length).toBeGreaterThan(5);

    const result = JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
    const { connect, rpc, notify } = result.counters;
    const connected = scrapes.map((s) => sampleValue(s, 'fleetcert_devices_connected', { shard: '1' }));
    expect(Math.max(...connected)).toBe(SHARD_DEVICES);
    expect(result.devices.planned).toBe(SHARD_DEVICES);
    expect(scrapes.every((s) => s.every((sample) => sample.labels.shard === '1'))).toBe(true);
    // Every counter only goes up from scrape to scrape.
    for (const name of [
      'fleetcert_connects_total',
      'fleetcert_requests_sent_total',
      'fleetcert_messages_in_total',
    ]) {
      const values = scrapes.map((s) => sumOf(s, name));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }

    const last = scrapes[scrapes.length - 1] as PromSample[];
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(last, name, labels);
    const outcomes = (outcome: string) => sumOf(last, 'fleetcert_request_outcomes_total', { outcome });
    expect(value('fleetcert_devices')).toBe(SHARD_DEVICES);
    expect(value('fleetcert_connect_attempts_total')).toBe(connect.attempts);
    expect(value('fleetcert_connects_total')).toBe(connect.count);
    expect(value('fleetcert_reconnects_total')).toBe(connect.reconnects);
    expect(value('fleetcert_disconnects_total')).toBe(connect.disconnects);
    expect(sumOf(last, 'fleetcert_requests_sent_total')).toBe(rpc.sent);
    expect(rpc.sent).toBeGreaterThan(100);
    for (const outcome of [
      'answered',
      'lost',
      'late',
      'duplicated',
      'wrong',
      'misdelivered',
      'unavailable',
    ] as const)
      expect(outcomes(outcome), outcome).toBe(rpc[outcome]);
    // The mix sends all three methods.
    for (const method of ['get_properties', 'set_properties', 'action'])
      expect(value('fleetcert_requests_sent_total', { method })).toBeGreaterThan(0);
    expect(value('fleetcert_messages_out_total', { kind: 'request' })).toBe(rpc.sent);
    expect(value('fleetcert_messages_in_total', { kind: 'reply' })).toBe(
      rpc.answered + rpc.late + rpc.duplicated + rpc.wrong + rpc.misdelivered,
    );
    // Devices replied to every request that reached them (and to no other).
    expect(value('fleetcert_messages_out_total', { kind: 'reply' })).toBeGreaterThanOrEqual(rpc.answered);
    expect(value('fleetcert_messages_out_total', { kind: 'reply' })).toBeLessThanOrEqual(rpc.sent);
    expect(value('fleetcert_messages_out_total', { kind: 'notification' })).toBe(notify.published);
    expect(notify.published).toBeGreaterThan(25);
    expect(value('fleetcert_notifications_total', { outcome: 'delivered' })).toBe(notify.delivered);
    // Sets and actions make properties_changed notifications too: the controllers receive at least the telemetry.
    expect(value('fleetcert_messages_in_total', { kind: 'notification' })).toBeGreaterThanOrEqual(
      notify.delivered,
    );
    expect(value('fleetcert_errors_total', { kind: 'lost' })).toBe(rpc.lost);
    expect(value('fleetcert_errors_total', { kind: 'wrong' })).toBe(rpc.wrong);

    // The round-trip histogram is the result's, bucket by bucket.
    expect(value('fleetcert_request_duration_seconds_count')).toBe(rpc.answered);
    const buckets = cumulativeCounts(decodeHistogram(result.histograms.rpc), LATENCY_BUCKETS_S);
    expect(
      LATENCY_BUCKETS_S.map((le) => value('fleetcert_request_duration_seconds_bucket', { le: String(le) })),
    ).toEqual(buckets);
    expect(value('fleetcert_connect_duration_seconds_count')).toBe(result.histograms.connect.count);
    expect(value('fleetcert_notification_delay_seconds_count')).toBe(result.histograms.notify.count);
    expect(
      value('fleetcert_run_info', { command: 'load', scenario: 'test-load', seed: '5', shards: '2' }),
    ).toBe(1);
  }, 120_000);
});
