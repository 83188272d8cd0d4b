/**
 * Acceptance (issue 4): every planted bug is caught in every one of 10 runs with different seeds
 * (half of the bugs here, the other half in certify-seeds-bugs-a.test.ts). Each bug's 10 certifications run
 * in parallel against their own simulators, limited to the rule the bug breaks and without
 * shrinking: the verdict is what is swept; minimal counterexamples are tested in certify-bugs-*.
 */
import { describe, expect, it } from 'vitest';
import { bugSweepCases, certifyBugWithSeed, sweep } from './support/seed-sweep.js';

describe('every planted bug is caught with every one of 10 seeds (part 2 of 2)', () => {
  for (const bug of bugSweepCases(1)) {
    it(`${bug.fault} fails ${bug.rule} with all 10 seeds`, async () => {
      const runs = await sweep((seed) => certifyBugWithSeed(bug, seed), 10);
      const missed = runs.filter(
        ({ result }) => result.requirements.find((r) => r.rule === bug.rule)?.verdict !== 'failed',
      );
      expect(missed.map((m) => m.seed)).toEqual([]);
    }, 120_000);
  }
});
