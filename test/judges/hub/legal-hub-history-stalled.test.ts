/**
 * The hub judge finds nothing in a legal history seen through a stalled judge (judge-stall.ts):
 * frames stamped up to 3 s late, with the stall in the run's lateness samples, stay legal.
 * Checked not vacuous: some stalls push a frame past the window it was due in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { withJudgeStall } from './judge-stall.js';
import { legalHubHistory } from './legal-hub-history.js';

const T = resolveHubTimeouts();

describe('the hub judge on legal histories, its own loop stalled', () => {
  it('finds no violation when the stall is recorded, and would without it', () => {
    let moved = 0;
    let wouldFail = 0;
    fc.assert(
      fc.property(
        legalHubHistory,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 3_000 }),
        (h, where, stallMs) => {
          const { startMs, endMs } = h.record;
          const stallAtMs = startMs + where * Math.max(0, endMs - stallMs - startMs);
          const stalled = withJudgeStall(h.record, stallAtMs, stallMs);
          if (stalled.frames.some((f, i) => f !== h.record.frames[i])) moved++;
          const { violations } = judgeHubRun(stalled, T);
          expect(
            violations.map((v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.expected} / ${v.observed}`),
          ).toEqual([]);
          const { lateness: _, ...unrecorded } = stalled;
          if (judgeHubRun(unrecorded, T).violations.length > 0) wouldFail++;
        },
      ),
      { numRuns: 1_500, seed: 18 },
    );
    console.info(
      `stalled legal histories: ${moved} with frames moved, ${wouldFail} failed without the samples`,
    );
    expect(moved).toBeGreaterThan(100);
    expect(wouldFail).toBeGreaterThan(10);
  });
});
