/**
 * The lateness log a certification carries from session to session (lateness-log.ts): what it
 * keeps reads the same as every sample would, for any window the judge asks about, and it
 * forgets what is older than any window reaches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HubRunRecord, LatenessSample } from './hub-run-record.js';
import { judgeLateBetween } from './judge/judge-late.js';
import { CARRY_MS, LatenessLog } from './lateness-log.js';

const withSamples = (lateness: readonly LatenessSample[]) => ({ lateness }) as unknown as HubRunRecord;

/** A running total sampled now and then: times rising, totals never falling, often unchanged. */
const samplesArb = fc
  .array(
    fc.tuple(fc.integer({ min: 1, max: 400 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 }))),
    {
      minLength: 1,
      maxLength: 60,
    },
  )
  .map((steps) => {
    let atMs = 0;
    let lateMs = 0;
    return steps.map(([dt, grew]) => {
      atMs += dt;
      lateMs += grew;
      return { atMs, lateMs };
    });
  });

describe('LatenessLog', () => {
  it('keeps what reads the same: every window judged on the kept samples as on all of them', () => {
    fc.assert(
      fc.property(
        samplesArb,
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: -100, max: 25_000 }), fc.integer({ min: 0, max: 5_000 })), {
          minLength: 1,
          maxLength: 10,
        }),
        (samples, sessions, windows) => {
          const log = new LatenessLog();
          // Added session by session, as sessions end.
          const size = Math.ceil(samples.length / sessions);
          for (let i = 0; i < samples.length; i += size) log.add(samples.slice(i, i + size));
          const kept = log.between(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
          expect(kept.length).toBeLessThanOrEqual(samples.length);
          for (const [fromMs, length] of windows)
            expect(judgeLateBetween(withSamples(kept), fromMs, fromMs + length)).toBe(
              judgeLateBetween(withSamples(samples), fromMs, fromMs + length),
            );
        },
      ),
      { numRuns: 2_000, seed: 18 },
    );
  });

  it('a run of one total keeps its first and last sample only', () => {
    const log = new LatenessLog();
    log.add([
      { atMs: 1, lateMs: 5 },
      { atMs: 2, lateMs: 5 },
      { atMs: 3, lateMs: 5 },
      { atMs: 4, lateMs: 9 },
    ]);
    expect(log.between(0, 10)).toEqual([
      { atMs: 1, lateMs: 5 },
      { atMs: 3, lateMs: 5 },
      { atMs: 4, lateMs: 9 },
    ]);
  });

  it('gives the samples of a span, and forgets those older than it asks for', () => {
    const log = new LatenessLog();
    log.add([
      { atMs: 100, lateMs: 0 },
      { atMs: 40_000, lateMs: 10 },
      { atMs: 50_000, lateMs: 20 },
    ]);
    expect(log.between(50_000 - CARRY_MS, 50_000)).toEqual([{ atMs: 40_000, lateMs: 10 }]);
    expect(log.between(0, Number.POSITIVE_INFINITY)).toEqual([
      { atMs: 40_000, lateMs: 10 },
      { atMs: 50_000, lateMs: 20 },
    ]);
  });
});
