/**
 * Acceptance (issue 4): every reference simulator passes in every one of 10 runs with different
 * seeds, default settings, two certifications at a time (so verdicts hold on a busy machine too).
 */
import { describe, expect, it } from 'vitest';
import { certifySimulator } from './support/certify-simulator.js';
import type { ReferenceType } from './support/reference-simulator.js';
import { sweep } from './support/seed-sweep.js';

const DEVICES: ReadonlyArray<[ReferenceType, 'broker' | 'ws']> = [
  ['bulb', 'broker'],
  ['purifier', 'broker'],
  ['tv', 'ws'],
];

describe('every reference simulator passes with every one of 10 seeds', () => {
  for (const [type, mode] of DEVICES) {
    it(`${type} over ${mode} is certified with all 10 seeds`, async () => {
      const runs = await sweep((seed) => certifySimulator({ type, mode, seed }), 2);
      const failed = runs.flatMap(({ seed, result }) =>
        result.requirements.flatMap((r) =>
          r.verdict === 'failed' ? [`seed ${seed} ${r.rule}: ${r.counterexample.summary}`] : [],
        ),
      );
      expect(failed).toEqual([]);
      expect(runs.every(({ result }) => result.verdict === 'certified')).toBe(true);
    }, 240_000);
  }
});
