/**
 * Test helper for the "no flaky verdicts" acceptance: certify the same kind of device with 10
 * different seeds. Faulty devices are certified in parallel (each its own simulator and broker;
 * their verdict must not depend on timing), reference devices two at a time.
 */
import type { CertificationResult } from '../../src/result/certification-result.js';
import { certifySimulator } from './certify-simulator.js';
import { PLANTED_BUGS, type PlantedBug } from './planted-bugs.js';

export const SWEEP_SEEDS: readonly number[] = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];

/** Runs `task` for every seed, at most `parallel` at a time; results in seed order. */
export async function sweep(
  task: (seed: number) => Promise<CertificationResult>,
  parallel: number,
): Promise<Array<{ seed: number; result: CertificationResult }>> {
  const out: Array<{ seed: number; result: CertificationResult }> = [];
  for (let i = 0; i < SWEEP_SEEDS.length; i += parallel) {
    const batch = SWEEP_SEEDS.slice(i, i + parallel);
    const results = await Promise.all(batch.map(async (seed) => ({ seed, result: await task(seed) })));
    out.push(...results);
  }
  return out;
}

/** The "every planted bug, 10 seeds" sweep for half of the bugs (`part` 0 or 1), so two test files share it. */
export function bugSweepCases(part: 0 | 1): readonly PlantedBug[] {
  return PLANTED_BUGS.filter((_, i) => i % 2 === part);
}

export function certifyBugWithSeed(bug: PlantedBug, seed: number): Promise<CertificationResult> {
  return certifySimulator({
    type: bug.type,
    mode: bug.mode,
    faults: [{ name: bug.fault, rate: 1 }],
    seed,
    config: { only: [bug.rule], shrinkTimeLimitMs: 0 },
  });
}
