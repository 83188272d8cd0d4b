/**
 * Test helper for the "no flaky verdicts" acceptance: certify the same kind of device with
 * several seeds. Faulty devices are certified in parallel (each its own simulator and broker;
 * their verdict must not depend on timing), reference devices two at a time. npm test sweeps
 * the first 3 of the 10 seeds; FLEETCERT_DEVICE_SWEEP=1 sweeps all 10 (docs/faults.md), the
 * full proof, which costs several minutes more than CI's budget leaves.
 */
import type { CertificationResult } from '../../src/result/certification-result.js';
import { certifySimulator } from './certify-simulator.js';
import { PLANTED_BUGS, type PlantedBug } from './planted-bugs.js';

/** The ten seeds of the full proof (cheap sweeps use all of them always). */
export const SWEEP_SEEDS: readonly number[] = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];

/** Whether this run makes the full 10-seed proofs (`FLEETCERT_DEVICE_SWEEP=1`). */
export const FULL_DEVICE_SWEEP = process.env.FLEETCERT_DEVICE_SWEEP === '1';

/** The seeds the expensive acceptance sweeps use: all 10 with FLEETCERT_DEVICE_SWEEP=1, else the first 3. */
export const ACCEPTANCE_SEEDS: readonly number[] = FULL_DEVICE_SWEEP ? SWEEP_SEEDS : SWEEP_SEEDS.slice(0, 3);

/** Runs `task` for every acceptance seed, at most `parallel` at a time; results in seed order. */
export async function sweep(
  task: (seed: number) => Promise<CertificationResult>,
  parallel: number,
  seeds: readonly number[] = ACCEPTANCE_SEEDS,
): Promise<Array<{ seed: number; result: CertificationResult }>> {
  const out: Array<{ seed: number; result: CertificationResult }> = [];
  for (let i = 0; i < seeds.length; i += parallel) {
    const batch = seeds.slice(i, i + parallel);
    const results = await Promise.all(batch.map(async (seed) => ({ seed, result: await task(seed) })));
    out.push(...results);
  }
  return out;
}

/** The planted bugs of one binding: MQTT devices (listen or broker) or WebSocket devices. */
export function bugSweepCases(binding: 'mqtt' | 'ws'): readonly PlantedBug[] {
  return PLANTED_BUGS.filter((bug) => (bug.mode === 'ws') === (binding === 'ws'));
}

/** Certifies one planted bug's device with `seed`, limited to the rule it breaks, without shrinking. */
export function certifyBugWithSeed(bug: PlantedBug, seed: number): Promise<CertificationResult> {
  return certifySimulator({
    type: bug.type,
    mode: bug.mode,
    faults: [{ name: bug.fault, rate: 1 }],
    seed,
    config: { only: [bug.rule], shrinkTimeLimitMs: 0 },
  });
}
