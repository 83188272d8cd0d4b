/**
 * Issue 18: every single-fault mutation of a legal device history is blamed on the rule it
 * breaks, and that rule alone leads the verdict (violations marked as consequences of it aside).
 * Every device rule the judge checks has several mutators; each must apply to some histories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeDeviceHistory } from './judge-device-history.js';
import { leadsOf } from './leads.js';
import { legalDeviceHistory } from './legal-device-history.js';
import { MUTATORS } from './single-fault-mutators.js';

const RUNS = Number(process.env.FLEETCERT_JUDGE_MUTATION_RUNS ?? 60);
/** One seed for every draw (determinism): another one with FLEETCERT_JUDGE_SEED. */
const SEED = Number(process.env.FLEETCERT_JUDGE_SEED ?? 18);

const JUDGED_RULES = [
  'EDP-RPC-1',
  'EDP-RPC-2',
  'EDP-RPC-3',
  'EDP-RPC-4',
  'EDP-RPC-5',
  'EDP-RPC-6',
  'EDP-PROP-1',
  'EDP-PROP-2',
  'EDP-PROP-3',
  'EDP-PROP-4',
  'EDP-ACT-1',
  'EDP-ACT-2',
  'EDP-NOTIFY-1',
  'EDP-NOTIFY-2',
  'EDP-NOTIFY-3',
];

describe('single-fault mutations of legal device histories (issue 18)', () => {
  it('every device rule the judge checks has at least two mutators', () => {
    for (const rule of JUDGED_RULES)
      expect(MUTATORS.filter((m) => m.rule === rule).length, rule).toBeGreaterThanOrEqual(2);
  });

  for (const mutator of MUTATORS) {
    it(`${mutator.rule}: ${mutator.name} is blamed on ${mutator.rule} alone`, () => {
      let applied = 0;
      fc.assert(
        fc.property(legalDeviceHistory(), fc.nat(), (legal, pick) => {
          const mutated = mutator.mutate(legal, pick);
          if (mutated === undefined) return;
          applied++;
          const violations = judgeDeviceHistory(legal.index, { ...legal.history, ...mutated });
          expect(
            leadsOf(violations),
            violations.map((v) => `${v.rule}: expected ${v.expected}; observed ${v.observed}`).join('\n'),
          ).toEqual([mutator.rule]);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // A mutator whose place is rare (an action with `out`) gets more histories until it finds one.
      for (let round = 1; applied === 0 && round <= 4; round++)
        fc.assert(
          fc.property(legalDeviceHistory(), fc.nat(), (legal, pick) => {
            const mutated = mutator.mutate(legal, pick);
            if (mutated === undefined) return;
            applied++;
            expect(leadsOf(judgeDeviceHistory(legal.index, { ...legal.history, ...mutated }))).toEqual([
              mutator.rule,
            ]);
          }),
          { numRuns: 4 * RUNS, seed: SEED + round },
        );
      // Each mutator must have found a place in some of the generated histories.
      expect(applied).toBeGreaterThan(0);
    }, 60_000);
  }
});
