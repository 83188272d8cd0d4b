/**
 * Acceptance of sharded and watched hub scenarios, in one set of runs to keep CI cheap: the
 * reference hub with MQTT and WebSocket devices behind it (`hub.wsDevices`), run whole and as
 * two shards at once (each shard its own hub, as `hub.command` does), all as CLI child
 * processes. The merge of the shards equals the whole run: the same commands on the same app
 * connections at the same intended times, the same devices and connections, the same
 * notifications; the merged thresholds are judged. Shard 1 serves `--metrics`, scraped while it
 * runs: what a scraper saw agrees with that shard's result file.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from '../../load/index.js';
import { decodeHistogram } from '../../load/measure/histogram.js';
import { cumulativeCounts, LATENCY_BUCKETS_S } from '../../src/metrics/index.js';
import { freePort } from '../support/ports.js';
import { type PromSample, sampleValue, scrape, sumOf } from '../support/prometheus-text.js';
import { type CliRun, runCli } from './cli.js';

/** 20 MQTT + 2 WebSocket devices, 8 app connections of four tokens, 3 s of traffic, no flaps (all from the plan). */
const SCENARIO = {
  name: 'hub-shards',
  seed: 23,
  fleet: [
    { type: 'bulb', count: 10 },
    { type: 'purifier', count: 6 },
    { type: 'tv', count: 4 },
  ],
  stages: [{ hold: '3s' }],
  telemetry: { rate: '2/s' },
  // Reads only: a device's notifications are then its telemetry alone, the same in every run.
  requests: { rate: '100/s', mix: { get: 1, set: 0, action: 0 } },
  hub: {
    command: 'fleetcert hub',
    drain: '3s',
    wsDevices: 2,
    apps: [
      { token: 'app-all', devices: '*', connections: 2, subscribe: '*' },
      { token: 'app-all', devices: '*', connections: 1, subscribe: 'none' },
      { token: 'app-bulbs', devices: { types: ['bulb'] }, connections: 2, subscribe: 'granted' },
      {
        token: 'app-tv',
        devices: { types: ['tv', 'purifier'] },
        connections: 2,
        subscribe: { types: ['tv'] },
      },
      { token: 'app-none', devices: [], connections: 1, subscribe: 'none' },
    ],
  },
  thresholds: [
    'hub.lost<0.1%',
    'hub.wrongApp==0',
    'hub.forwardedTwice==0',
    'notify.leaked==0',
    'notify.lost<0.1%',
  ],
};
const DEVICES = 22;
const CONNECTIONS = 8;

let dir: string;
let whole: LoadResult;
let shards: LoadResult[];
let merged: LoadResult;
let mergeRun: CliRun;
let shardRuns: CliRun[];
const scrapes: PromSample[][] = [];
let metricsUrl: string;

const resultIn = async (out: string) =>
  JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-shards-'));
  const scenario = join(dir, 'hub.yaml');
  await writeFile(scenario, stringify(SCENARIO));
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  const args = (out: string, ...more: string[]) => [
    'load',
    scenario,
    '--out',
    join(dir, out),
    '--log-level',
    'warn',
    ...more,
  ];
  const watched = runCli(args('shard-1', '--shard', '1/2', '--metrics', String(port)));
  let exited = false;
  void watched.then(() => {
    exited = true;
  });
  const others = Promise.all([runCli(args('whole')), runCli(args('shard-0', '--shard', '0/2'))]);
  while (!exited) {
    const samples = await scrape(metricsUrl);
    if (samples) scrapes.push(samples);
    await sleep(50);
  }
  const [wholeRun, shard0] = await others;
  const shard1 = await watched;
  shardRuns = [shard0, shard1];
  expect(wholeRun.code, wholeRun.stderr).toBe(0);
  for (const run of shardRuns) {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('shard done: thresholds apply to the merged run');
  }
  whole = await resultIn(join(dir, 'whole'));
  shards = [await resultIn(join(dir, 'shard-0')), await resultIn(join(dir, 'shard-1'))];
  mergeRun = await runCli([
    'load',
    'merge',
    join(dir, 'shard-0', 'load-result.json'),
    join(dir, 'shard-1', 'load-result.json'),
    '--out',
    join(dir, 'merged'),
  ]);
  merged = await resultIn(join(dir, 'merged'));
}, 180_000);

describe('fleetcert load: a hub scenario in shards', () => {
  it('merges two shards into exactly the whole run, and judges the merged thresholds', () => {
    expect(mergeRun.code, mergeRun.stderr).toBe(0);
    expect(mergeRun.stdout).toContain('verdict: PASSED');
    expect(merged.shards).toEqual({ count: 2, included: [0, 1] });
    // Each shard ran half the fleet (MQTT and WebSocket devices dealt round-robin) and every connection.
    expect(shards.map((s) => s.devices.planned)).toEqual([DEVICES / 2, DEVICES / 2]);
    expect(shards.map((s) => s.apps?.sockets)).toEqual([CONNECTIONS, CONNECTIONS]);
    for (const shard of shards) expect(shard.counters.hub!.sent).toBeGreaterThan(50);
    expect(whole.notes.join('\n')).toContain('20 MQTT and 2 WebSocket devices');
    for (const shard of shards)
      expect(shard.notes.join('\n')).toContain('10 MQTT and 1 WebSocket devices, 8 app connections');

    expect(merged.devices).toEqual(whole.devices);
    expect(merged.devices.planned).toBe(DEVICES);
    expect(merged.apps?.connections).toBe(CONNECTIONS);
    expect(whole.apps?.connections).toBe(CONNECTIONS);
    // The same commands on the same logical connections, at the same intended times.
    expect(merged.apps?.sentByConnection).toEqual(whole.apps?.sentByConnection);
    expect(merged.counters.hub!.sent).toBe(whole.counters.hub!.sent);
    expect(whole.counters.hub!.sent).toBe(300);
    // Intervals count commands by when they were sent: on a busy machine a command due just
    // before an interval's end may leave just after it, in either run. So the running totals
    // by the end of each interval agree to within 5 % of all commands, and the totals exactly.
    const sentBy = (r: LoadResult, endMs: number) =>
      r.series.filter((p) => p.startMs < endMs).reduce((n, p) => n + p.rpcSent, 0);
    const ends = [...new Set([...whole.series, ...merged.series].map((p) => p.startMs + 1000))].sort(
      (a, b) => a - b,
    );
    expect(ends.length).toBeGreaterThan(2);
    for (const endMs of ends)
      expect(
        Math.abs(sentBy(merged, endMs) - sentBy(whole, endMs)),
        `commands sent by ${endMs} ms`,
      ).toBeLessThanOrEqual(0.05 * whole.counters.hub!.sent);
    expect(sentBy(merged, Number.POSITIVE_INFINITY)).toBe(sentBy(whole, Number.POSITIVE_INFINITY));
    // Every command answered correctly and every notification delivered, in both.
    for (const result of [whole, merged]) {
      expect(result.counters.hub!.answered).toBe(result.counters.hub!.sent);
      expect(result.counters.notify.delivered).toBe(result.counters.notify.published);
    }
    expect(merged.counters.notify.published).toBe(whole.counters.notify.published);
    expect(merged.counters.notify.published).toBeGreaterThan(300);
    expect(merged.histograms.hub?.count).toBe(whole.histograms.hub?.count);
    expect(merged.thresholds.map((t) => [t.threshold, t.holds])).toEqual(
      SCENARIO.thresholds.map((t) => [t, true]),
    );
  });

  it('serves hub metrics labelled by shard during the run, agreeing with the shard’s result file', () => {
    const result = shards[1]!;
    expect(shardRuns[1]!.stdout).toContain(`metrics: ${metricsUrl}\n`);
    expect(scrapes.length).toBeGreaterThan(5);
    expect(scrapes.every((s) => s.every((sample) => sample.labels.shard === '1'))).toBe(true);
    const during = (name: string) => scrapes.map((s) => sampleValue(s, name));
    expect(Math.max(...during('fleetcert_devices_connected'))).toBe(DEVICES / 2);
    expect(Math.max(...during('fleetcert_hub_app_connections_open'))).toBe(CONNECTIONS);
    // Counters only go up from scrape to scrape.
    for (const name of ['fleetcert_hub_commands_sent_total', 'fleetcert_hub_notifications_received_total']) {
      const values = scrapes.map((s) => sumOf(s, name));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values[values.length - 1]).toBeGreaterThan(0);
    }
    // The last scrape came during the drain or after the count: the app side's figures are final.
    const counted = scrapes.filter((s) => sampleValue(s, 'fleetcert_hub_counted') === 1);
    const last = counted[counted.length - 1] ?? scrapes[scrapes.length - 1]!;
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(last, name, labels);
    const hub = result.counters.hub!;
    expect(value('fleetcert_devices')).toBe(DEVICES / 2);
    expect(value('fleetcert_hub_app_connections')).toBe(CONNECTIONS);
    expect(sumOf(last, 'fleetcert_hub_commands_sent_total')).toBe(hub.sent);
    expect(value('fleetcert_hub_commands_sent_total', { method: 'devices.get_properties' })).toBe(hub.sent);
    expect(sumOf(last, 'fleetcert_hub_answers_total')).toBe(hub.sent - hub.lost);
    expect(value('fleetcert_hub_error_answers_total', { code: '-4010' })).toBe(hub.offline);
    expect(value('fleetcert_hub_error_answers_total', { code: '-4011' })).toBe(hub.timeout);
    expect(value('fleetcert_hub_error_answers_total', { code: '-4013' })).toBe(hub.busy);
    expect(value('fleetcert_hub_answers_wrong_app_total')).toBe(hub.wrongApp);
    expect(value('fleetcert_hub_commands_overdue')).toBe(hub.lost);
    expect(value('fleetcert_hub_notifications_received_total', { kind: 'notification' })).toBe(
      result.counters.notify.delivered + result.counters.notify.duplicated,
    );
    expect(value('fleetcert_hub_notifications_leaked_total')).toBe(result.counters.notify.leaked);
    // The round-trip histogram is the result's, bucket by bucket.
    expect(value('fleetcert_hub_request_duration_seconds_count')).toBe(hub.answered);
    const buckets = cumulativeCounts(decodeHistogram(result.histograms.hub!), LATENCY_BUCKETS_S);
    expect(
      LATENCY_BUCKETS_S.map((le) =>
        value('fleetcert_hub_request_duration_seconds_bucket', { le: String(le) }),
      ),
    ).toEqual(buckets);
    expect(
      value('fleetcert_run_info', {
        command: 'load',
        target: 'hub',
        scenario: 'hub-shards',
        seed: '23',
        shards: '2',
      }),
    ).toBe(1);
    // A scrape after the count shows the result file's own figures.
    for (const s of counted) {
      expect(sampleValue(s, 'fleetcert_hub_commands_counted_total', { outcome: 'answered' })).toBe(
        hub.answered,
      );
      expect(sampleValue(s, 'fleetcert_hub_commands_counted_total', { outcome: 'lost' })).toBe(hub.lost);
      expect(sampleValue(s, 'fleetcert_hub_notifications_counted_total', { outcome: 'delivered' })).toBe(
        result.counters.notify.delivered,
      );
      expect(sampleValue(s, 'fleetcert_hub_notification_fanout_seconds_count')).toBe(
        result.histograms.notify.count,
      );
    }
  });
});
