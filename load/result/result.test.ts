import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoadRecorder } from '../measure/recorder.js';
import { validateScenario } from '../scenario/validate.js';
import { buildLoadResult } from './build.js';
import { parseLoadResult, SHARD_RESULT_BEGIN, SHARD_RESULT_END } from './io.js';
import { MergeError, mergeLoadResults } from './merge.js';

const validation = validateScenario({
  broker: { url: 'mqtt://127.0.0.1:1883' },
  fleet: [{ type: 'bulb', count: 10 }],
  stages: [{ rampUp: '10/s' }, { hold: '5s' }],
  tokens: { devices: 'secret-{id}', controller: 'ctl-secret' },
  thresholds: ['rpc.lost==0', 'rpc.p99<100ms', 'rpc.rate>1/s'],
});
if (!validation.ok) throw new Error('test scenario must be valid');
const scenario = validation.scenario;

type Event = {
  kind: 'answer' | 'lost' | 'publish' | 'deliver' | 'connect';
  at: number;
  ms: number;
  shard: number;
};
const event = fc.record({
  kind: fc.constantFrom('answer', 'lost', 'publish', 'deliver', 'connect') as fc.Arbitrary<Event['kind']>,
  at: fc.integer({ min: 0, max: 6999 }),
  ms: fc.integer({ min: 0, max: 3000 }),
  shard: fc.integer({ min: 0, max: 3 }),
});

function apply(recorder: LoadRecorder, e: Event): void {
  switch (e.kind) {
    case 'answer':
      recorder.rpcSent(e.at);
      recorder.rpcAnswered(e.at, e.ms);
      break;
    case 'lost':
      recorder.rpcSent(e.at);
      recorder.rpcLost(e.at);
      break;
    case 'publish':
      recorder.notifyPublished(e.at);
      break;
    case 'deliver':
      recorder.notifyPublished(e.at);
      recorder.notifyDelivered(e.at, e.ms, false);
      break;
    case 'connect':
      recorder.connectAttempt(e.at);
      recorder.connected(e.at + e.ms, e.ms, false);
      break;
  }
}

function result(recorder: LoadRecorder, index: number, count: number) {
  return buildLoadResult({
    version: '0.0.0',
    scenario,
    shard: { index, count },
    startedAt: `2026-01-01T00:00:0${index}.000Z`,
    durationMs: 7000,
    devices: { planned: 10 / count, withTelemetry: 0 },
    recorded: recorder.finish(7000),
    errors: [],
    notes: [],
  });
}

describe('load results', () => {
  it('never write tokens', () => {
    const text = JSON.stringify(result(new LoadRecorder(1000), 0, 1));
    expect(text).not.toContain('secret');
    expect(text).toContain('[redacted]');
  });

  it('merged shards equal one run, verdicts included', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        const whole = new LoadRecorder(1000);
        const shards = [0, 1, 2, 3].map(() => new LoadRecorder(1000));
        for (const e of events) {
          apply(whole, e);
          apply(shards[e.shard] as LoadRecorder, e);
        }
        const merged = mergeLoadResults(shards.map((s, i) => result(s, i, 4)).reverse());
        const single = result(whole, 0, 1);
        expect(merged.counters).toEqual(single.counters);
        expect(merged.histograms).toEqual(single.histograms);
        expect(merged.series).toEqual(single.series);
        expect(merged.windows).toEqual(single.windows);
        expect(merged.thresholds).toEqual(single.thresholds);
        expect(merged.shards).toEqual({ count: 4, included: [0, 1, 2, 3] });
        expect(merged.startedAt).toBe('2026-01-01T00:00:00.000Z');
      }),
      { numRuns: 30 },
    );
  });

  it('refuses to merge a missing, repeated or foreign shard', () => {
    const part = (i: number) => result(new LoadRecorder(1000), i, 3);
    expect(() => mergeLoadResults([part(0), part(1)])).toThrow(/shard\(s\) 2\/3 missing/);
    expect(() => mergeLoadResults([part(0), part(0), part(1)])).toThrow(/appears twice/);
    expect(mergeLoadResults([part(0), part(1)], { allowPartial: true }).notes.join()).toContain(
      'partial merge',
    );
    const foreign = { ...part(2), scenarioSha256: 'f'.repeat(64) };
    expect(() => mergeLoadResults([part(0), part(1), foreign])).toThrow(MergeError);
  });

  it('reads a result out of a pod log between the markers', () => {
    const text = JSON.stringify(result(new LoadRecorder(1000), 1, 2), null, 2);
    const log = `{"level":30,"msg":"starting"}\n${SHARD_RESULT_BEGIN}\n${text}\n${SHARD_RESULT_END}\n{"level":30,"msg":"bye"}\n`;
    expect(parseLoadResult(log, 'pod.log').shards.included).toEqual([1]);
    expect(() => parseLoadResult('{"schema":"x"}', 'x.json')).toThrow(/not a load result/);
  });
});
