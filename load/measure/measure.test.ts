import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCounters, counterValue, zeroCounters } from './counters.js';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  mergeHistograms,
  recordMs,
  summarize,
} from './histogram.js';
import { LoadRecorder } from './recorder.js';
import { SequenceTracker } from './sequence.js';
import { mergeSeries } from './series.js';

const latencies = fc.array(
  fc.integer({ min: 0, max: 120_000_000 }).map((us) => us / 1000),
  { maxLength: 300 },
);

describe('histograms', () => {
  it('round-trip losslessly through the compressed encoding', () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const h = createHistogram();
        for (const v of values) recordMs(h, v);
        const back = decodeHistogram(encodeHistogram(h));
        expect(back.totalCount).toBe(values.length);
        expect(encodeHistogram(back)).toEqual(encodeHistogram(h));
        for (const p of [0, 50, 99, 99.9, 100])
          expect(back.getValueAtPercentile(p)).toBe(h.getValueAtPercentile(p));
      }),
      { numRuns: 50 },
    );
  });

  it('merge exactly: the merge of parts equals recording everything in one', () => {
    fc.assert(
      fc.property(fc.array(latencies, { minLength: 1, maxLength: 5 }), (parts) => {
        const whole = createHistogram();
        const encoded = parts.map((values) => {
          const h = createHistogram();
          for (const v of values) {
            recordMs(h, v);
            recordMs(whole, v);
          }
          return encodeHistogram(h);
        });
        expect(mergeHistograms(encoded)).toEqual(encodeHistogram(whole));
      }),
      { numRuns: 40 },
    );
  });

  it('summarises percentiles in milliseconds within the 3-digit precision', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMs(h, i);
    const summary = summarize(h);
    expect(summary?.count).toBe(1000);
    expect(summary?.p50Ms).toBeCloseTo(500, -1);
    expect(summary?.p99Ms).toBeGreaterThanOrEqual(990);
    expect(summary?.p99Ms).toBeLessThanOrEqual(991);
    expect(summarize(createHistogram())).toBeUndefined();
  });
});

describe('counters', () => {
  it('sum member by member and derive errors and losses', () => {
    const a = zeroCounters();
    a.rpc.sent = 10;
    a.rpc.lost = 1;
    a.rpc.wrong = 2;
    a.notify.published = 8;
    a.notify.delivered = 5;
    const b = zeroCounters();
    b.rpc.sent = 5;
    b.rpc.duplicated = 1;
    b.notify.published = 2;
    b.notify.delivered = 2;
    b.notify.reordered = 1;
    const total = addCounters([a, b]);
    expect(total.rpc.sent).toBe(15);
    expect(counterValue(total, 'rpc', 'errors')).toBe(4);
    expect(counterValue(total, 'notify', 'lost')).toBe(3);
    expect(counterValue(total, 'notify', 'errors')).toBe(4);
  });
});

describe('SequenceTracker', () => {
  it('tells in-order, reordered and duplicate deliveries apart', () => {
    const tracker = new SequenceTracker(2);
    expect([0, 1, 3, 2, 2, 3, 10, 4, 4].map((s) => tracker.receive(0, s))).toEqual([
      'in-order',
      'in-order',
      'in-order',
      'reordered',
      'duplicate',
      'duplicate',
      'in-order',
      'reordered',
      'duplicate',
    ]);
    expect(tracker.receive(1, 3)).toBe('in-order');
  });

  it('matches a set-based model for any delivery order within the window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 200 }), (sequence) => {
        const tracker = new SequenceTracker(1);
        const seen = new Set<number>();
        let highest = -1;
        for (const s of sequence) {
          const expected = seen.has(s) ? 'duplicate' : s > highest ? 'in-order' : 'reordered';
          expect(tracker.receive(0, s)).toBe(expected);
          seen.add(s);
          highest = Math.max(highest, s);
        }
      }),
    );
  });
});

describe('LoadRecorder', () => {
  it('files outcomes under their intended interval and pads to the planned end', () => {
    const recorder = new LoadRecorder(1000);
    recorder.connectAttempt(0);
    recorder.connected(15, 15, false);
    recorder.connectedGauge(20, 1);
    recorder.rpcSent(900);
    recorder.rpcAnswered(900, 250); // answered in interval 1, filed under 0
    recorder.rpcSent(1500);
    recorder.rpcLost(1500);
    recorder.notifyPublished(1200);
    recorder.notifyDelivered(1200, 30, true);
    recorder.closeIntervalsBefore(5000);
    recorder.rpcAnswered(100, 5000); // a value for a closed interval reopens it
    const run = recorder.finish(4000);
    expect(run.series.map((p) => p.startMs)).toEqual([0, 1000, 2000, 3000]);
    expect(run.series[0]).toMatchObject({
      connects: 1,
      connected: 1,
      rpcSent: 1,
      rpcAnswered: 2,
      rpcErrors: 0,
    });
    expect(run.series[0]?.rpcLatency.count).toBe(2);
    expect(run.series[1]).toMatchObject({
      rpcSent: 1,
      rpcErrors: 1,
      notifyPublished: 1,
      notifyDelivered: 1,
      notifyErrors: 1,
      connected: 1,
    });
    expect(run.counters.rpc).toMatchObject({ sent: 2, answered: 2, lost: 1 });
    expect(run.histograms.rpc.count).toBe(2);
    expect(run.windows.rpc).toEqual({ startMs: 900, endMs: 1500 });
    expect(run.windows.connect).toEqual({ startMs: 0, endMs: 15 });
  });

  it('series of shards merge into the series of the whole', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 9999 }),
            ms: fc.integer({ min: 0, max: 5000 }),
            shard: fc.integer({ min: 0, max: 2 }),
          }),
        ),
        (events) => {
          const whole = new LoadRecorder(1000);
          const shards = [new LoadRecorder(1000), new LoadRecorder(1000), new LoadRecorder(1000)];
          for (const e of events) {
            for (const r of [whole, shards[e.shard] as LoadRecorder]) {
              r.rpcSent(e.at);
              r.rpcAnswered(e.at, e.ms);
            }
          }
          const merged = mergeSeries(shards.map((s) => s.finish(10_000).series));
          expect(merged).toEqual(whole.finish(10_000).series);
        },
      ),
      { numRuns: 25 },
    );
  });
});
