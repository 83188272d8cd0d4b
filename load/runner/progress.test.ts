/**
 * The live errors figure only grows (the old line went 0, 10, 0 as telemetry in flight was
 * counted lost and then delivered), and once the run has drained it agrees with the result
 * apart from notification losses, which the result alone counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterValue } from '../measure/counters.js';
import { LoadRecorder } from '../measure/recorder.js';
import { monotonicErrors, progressOf } from './progress.js';

type Event = (r: LoadRecorder, t: number) => void;
const EVENTS: readonly Event[] = [
  (r, t) => r.notifyPublished(t),
  (r, t) => r.notifyDelivered(t, 5, false),
  (r, t) => r.notifyDelivered(t, 5, true),
  (r, t) => r.notifyDuplicated(t),
  (r) => r.notifyRedelivered(),
  (r, t) => r.rpcSent(t),
  (r, t) => r.rpcAnswered(t, 3),
  (r, t) => r.rpcLost(t),
  (r, t) => r.rpcDuplicated(t),
  (r) => r.rpcRedelivered(),
  (r, t) => r.rpcWrong(t),
  (r, t) => r.rpcMisdelivered(t),
];

describe('live progress: errors', () => {
  it('never decreases, whatever happens in whatever order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(EVENTS.length - 1), { maxLength: 200 }), (kinds) => {
        const recorder = new LoadRecorder(1000);
        let previous = structuredClone(recorder.counters);
        let shown = 0;
        for (const [i, kind] of kinds.entries()) {
          (EVENTS[kind] as Event)(recorder, i * 10);
          const p = progressOf(recorder, previous, i * 10 + 1, 1000, 1, 1, 10_000);
          previous = structuredClone(recorder.counters);
          expect(p.errors).toBeGreaterThanOrEqual(shown);
          shown = p.errors;
        }
        // At the end the result's errors are the live figure plus the notification losses.
        const c = recorder.counters;
        expect(
          counterValue(c, 'rpc', 'errors') + counterValue(c, 'notify', 'errors') + c.connect.failed,
        ).toBe(monotonicErrors(c) + counterValue(c, 'notify', 'lost'));
      }),
    );
  });

  it('in-flight telemetry is not an error: published then delivered shows 0 throughout', () => {
    const recorder = new LoadRecorder(1000);
    for (let i = 0; i < 10; i++) recorder.notifyPublished(i);
    expect(progressOf(recorder, recorder.counters, 100, 1000, 1, 1, 1000).errors).toBe(0);
    for (let i = 0; i < 10; i++) recorder.notifyDelivered(i, 1, false);
    expect(progressOf(recorder, recorder.counters, 200, 1000, 1, 1, 1000).errors).toBe(0);
  });
});
