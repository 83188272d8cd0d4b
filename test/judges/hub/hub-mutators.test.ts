/**
 * Every single-fault mutant of a legal hub history is blamed on the rule its mutator breaks: the
 * judge reports that rule, it leads the verdict (judge/leading-rules.ts), and no other rule is
 * blamed. Each mutator must find places to apply in enough generated histories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { leadingRules } from '../../../conformance/suites/hub/judge/leading-rules.js';
import { HUB_MUTATORS } from './hub-mutators.js';
import { legalHubHistory } from './legal-hub-history.js';

const T = resolveHubTimeouts();
const RUNS_PER_MUTATOR = Number(process.env.FLEETCERT_JUDGE_MUTATION_RUNS ?? 500);
/** One seed for every draw (determinism): another one with FLEETCERT_JUDGE_SEED, as the device judge's tests. */
const SEED = Number(process.env.FLEETCERT_JUDGE_SEED ?? 18);
/** Each mutator must apply to at least this many of its generated histories. */
const MIN_MUTANTS = 10;

describe('single-fault mutants of legal hub histories', () => {
  for (const mutator of HUB_MUTATORS)
    it(`${mutator.rule}: "${mutator.name}" is blamed on ${mutator.rule} alone`, () => {
      let mutants = 0;
      fc.assert(
        fc.property(
          legalHubHistory,
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (h, pick) => {
            const mutant = mutator.apply(h, pick);
            if (mutant === undefined) return;
            mutants++;
            const { violations } = judgeHubRun(mutant, T);
            const blamed = [...new Set(violations.map((v) => v.rule))];
            expect(
              blamed,
              violations
                .map((v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.expected} / ${v.observed}`)
                .join('\n'),
            ).toEqual([mutator.rule]);
            expect(leadingRules(violations)).toEqual([mutator.rule]);
          },
        ),
        { numRuns: mutator.runs ?? RUNS_PER_MUTATOR, seed: SEED },
      );
      console.info(`${mutator.rule} ${mutator.name}: ${mutants} mutants`);
      expect(mutants).toBeGreaterThanOrEqual(MIN_MUTANTS);
    });
});
