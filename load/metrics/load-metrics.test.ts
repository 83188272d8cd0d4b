/**
 * The load run's metrics read what the run's own checkers counted: requests by method and
 * outcome, error kinds, connections, latency; each run (shard) in a registry of its own.
 */
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, sampleValue, sumOf } from '../../test/support/prometheus-text.js';
import { LoadRecorder } from '../measure/recorder.js';
import { RequestTally } from '../measure/request-tally.js';
import { RequestChecker } from '../runner/request-checker.js';
import { SampleCollector } from '../runner/samples.js';
import { countingHooks, type LoadLive, zeroTraffic } from './live.js';
import { LoadMetrics } from './load-metrics.js';

function run(shard: { index: number; count: number }) {
  const recorder = new LoadRecorder(1000);
  const samples = new SampleCollector();
  const tally = new RequestTally();
  const checker = new RequestChecker(recorder, 2000, samples.add, tally);
  const traffic = zeroTraffic();
  const driver = { connectedCount: 0, lateSends: 0, maxLagMs: 0 };
  const live: LoadLive = {
    devices: 5,
    counters: recorder.counters,
    latency: { connect: recorder.connectLatency, rpc: recorder.rpcLatency, notify: recorder.notifyLatency },
    requests: tally,
    traffic,
    errors: samples.counts(),
    driver,
  };
  const metrics = new LoadMetrics({ shard, scenario: { name: 'unit', seed: 9 }, version: 'test' });
  return { recorder, checker, traffic, driver, live, metrics };
}

const scrape = async (metrics: LoadMetrics) => parsePrometheusText(await metrics.registry.metrics());

describe('load metrics', () => {
  it('requests by method and outcome, errors by kind and round trips, as the checker counted them', async () => {
    const r = run({ index: 0, count: 1 });
    r.metrics.watch(r.live);
    r.checker.sent(1, 'bulb-0001', 0, 0, 'get_properties');
    r.checker.sent(2, 'bulb-0001', 0, 10, 'set_properties');
    r.checker.sent(3, 'bulb-0002', 0, 20, 'get_properties');
    r.checker.sent(4, 'bulb-0002', 0, 30, 'action');
    r.checker.deviceReplied(1, JSON.stringify({ id: 1, result: [] }));
    r.checker.deviceReplied(2, JSON.stringify({ id: 2, result: [] }));
    r.checker.received(0, 'bulb-0001', '{"id":1,"result":[]}', 5); // answered in 5 ms
    r.checker.received(0, 'bulb-0001', '{"id":1,"result":[]}', 6); // again: duplicated
    r.checker.received(0, 'bulb-0001', '{"id":2,"result":[1]}', 40); // not what the device said: wrong
    r.checker.received(0, 'bulb-0003', '{"id":99}', 41); // no such request: wrong, method unknown
    r.checker.expire(5000); // 3 and 4 never answered: lost
    r.driver.connectedCount = 4;
    const samples = await scrape(r.metrics);
    const outcome = (method: string, name: string) =>
      sampleValue(samples, 'fleetcert_request_outcomes_total', { method, outcome: name, shard: '0' });
    expect(sampleValue(samples, 'fleetcert_requests_sent_total', { method: 'get_properties' })).toBe(2);
    expect(sumOf(samples, 'fleetcert_requests_sent_total')).toBe(4);
    expect(outcome('get_properties', 'answered')).toBe(1);
    expect(outcome('get_properties', 'duplicated')).toBe(1);
    expect(outcome('get_properties', 'lost')).toBe(1);
    expect(outcome('set_properties', 'wrong')).toBe(1);
    expect(outcome('action', 'lost')).toBe(1);
    expect(outcome('unknown', 'wrong')).toBe(1);
    expect(sampleValue(samples, 'fleetcert_errors_total', { kind: 'lost' })).toBe(2);
    expect(sampleValue(samples, 'fleetcert_errors_total', { kind: 'wrong' })).toBe(2);
    expect(sampleValue(samples, 'fleetcert_errors_total', { kind: 'duplicated' })).toBe(1);
    expect(sampleValue(samples, 'fleetcert_errors_total', { kind: 'connect-failed' })).toBe(0);
    expect(sampleValue(samples, 'fleetcert_messages_out_total', { kind: 'request' })).toBe(4);
    expect(sampleValue(samples, 'fleetcert_request_duration_seconds_count')).toBe(1);
    expect(sampleValue(samples, 'fleetcert_request_duration_seconds_bucket', { le: '0.0025' })).toBe(0);
    expect(sampleValue(samples, 'fleetcert_request_duration_seconds_bucket', { le: '0.005' })).toBe(1);
    expect(sampleValue(samples, 'fleetcert_devices_connected')).toBe(4);
    expect(sampleValue(samples, 'fleetcert_devices')).toBe(5);
  });

  it('messages are counted raw on the hook seams, whatever the checkers make of them', async () => {
    const r = run({ index: 0, count: 1 });
    r.metrics.watch(r.live);
    const seen: string[] = [];
    const hooks = countingHooks(
      {
        up: () => seen.push('up'),
        down: () => seen.push('down'),
        error: () => seen.push('error'),
        replied: () => seen.push('replied'),
        published: () => seen.push('published'),
        reply: () => seen.push('reply'),
        event: () => seen.push('event'),
      },
      r.traffic,
    );
    hooks.up(0);
    hooks.replied(0, 1, '{"id":1,"result":[]}');
    hooks.reply(0, 'bulb-0001', '{}');
    hooks.reply(0, 'bulb-0001', '{}');
    hooks.event(0, 'bulb-0001', '{}');
    hooks.down(0);
    expect(seen).toEqual(['up', 'replied', 'reply', 'reply', 'event', 'down']);
    const samples = await scrape(r.metrics);
    expect(sampleValue(samples, 'fleetcert_messages_in_total', { kind: 'reply' })).toBe(2);
    expect(sampleValue(samples, 'fleetcert_messages_in_total', { kind: 'notification' })).toBe(1);
    expect(sampleValue(samples, 'fleetcert_messages_out_total', { kind: 'reply' })).toBe(1);
  });

  it('a registry per run: two runs in one process keep their own series, labelled by their shard', async () => {
    const a = run({ index: 0, count: 2 });
    const b = run({ index: 1, count: 2 });
    a.metrics.watch(a.live);
    b.metrics.watch(b.live);
    a.recorder.connected(10, 3, false);
    b.recorder.connected(10, 3, false);
    b.recorder.connected(20, 0, true);
    const fromA = await scrape(a.metrics);
    const fromB = await scrape(b.metrics);
    expect(sampleValue(fromA, 'fleetcert_connects_total', { shard: '0' })).toBe(1);
    expect(sampleValue(fromB, 'fleetcert_connects_total', { shard: '1' })).toBe(2);
    expect(sampleValue(fromB, 'fleetcert_reconnects_total', { shard: '1' })).toBe(1);
    expect(fromA.every((s) => s.labels.shard === '0')).toBe(true);
    expect(fromB.every((s) => s.labels.shard === '1')).toBe(true);
    expect(sampleValue(fromB, 'fleetcert_run_info', { shards: '2', scenario: 'unit', seed: '9' })).toBe(1);
  });

  it('before the run has started, every series reads 0 (labelled ones have none yet)', async () => {
    const r = run({ index: 0, count: 1 });
    const samples = await scrape(r.metrics);
    const others = samples.filter((s) => s.name !== 'fleetcert_run_info');
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((s) => s.value !== 0)).toEqual([]);
    expect(samples.filter((s) => s.name === 'fleetcert_messages_out_total')).toEqual([]);
    expect(sampleValue(samples, 'fleetcert_run_info', { command: 'load' })).toBe(1);
  });

  it("process metrics only when asked for, in the run's own registry", async () => {
    const plain = run({ index: 0, count: 1 });
    expect((await scrape(plain.metrics)).some((s) => s.name.startsWith('process_'))).toBe(false);
    const withProcess = new LoadMetrics({
      shard: { index: 2, count: 3 },
      scenario: { name: 'unit', seed: 1 },
      version: 'test',
      processMetrics: true,
    });
    const samples = await scrape(withProcess);
    // prom-client counts CPU from the registry's creation on, so a scrape right after it may read 0;
    // sampleValue throws unless the series is there exactly once.
    expect(sampleValue(samples, 'process_cpu_user_seconds_total', { shard: '2' })).toBeGreaterThanOrEqual(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes', { shard: '2' })).toBeGreaterThan(0);
  });
});
