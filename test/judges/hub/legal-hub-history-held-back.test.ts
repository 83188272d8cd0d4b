/**
 * The hub judge finds nothing in a legal history where fleetcert's own process stalled just after
 * a device came back, so the hub learned of the comeback only after the stall (up to 3 s past the
 * presence window) and answered commands meanwhile from its older view (-4010, `online: false`
 * in devices.list). Checked not vacuous: without the recorded stall the judge fails some of them
 * (issue 18: the reference hub's false -4010 with certifications side by side).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { scriptArb } from './hub-history-script.js';
import { buildLegalHistory } from './legal-hub-history.js';

const T = resolveHubTimeouts();

describe('the hub judge on legal histories, a comeback held back by its own stalled loop', () => {
  it('finds no violation when the stall is recorded, and would without it', () => {
    let held = 0;
    let wouldFail = 0;
    fc.assert(
      fc.property(scriptArb, fc.integer({ min: 500, max: 5_000 }), (script, stallMs) => {
        const { record } = buildLegalHistory(script, { stallMs });
        if (record.lateness === undefined) return;
        held++;
        const { violations } = judgeHubRun(record, T);
        expect(
          violations.map((v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.expected} / ${v.observed}`),
        ).toEqual([]);
        const { lateness: _, ...unrecorded } = record;
        if (judgeHubRun(unrecorded, T).violations.length > 0) wouldFail++;
      }),
      { numRuns: 1_500, seed: 18 },
    );
    console.info(`held-back comebacks: ${held} histories, ${wouldFail} failed without the samples`);
    expect(held).toBeGreaterThan(300);
    expect(wouldFail).toBeGreaterThan(10);
  });
});
