/**
 * Issue 18, device side: a device whose one bug is a properties_changed item for every write,
 * changed or not (the planted fault `notify-unchanged`), fails EDP-NOTIFY-1 and nothing else,
 * with seeds 1–20, in a full certification at default settings (no --only). The judge takes the
 * reading with the fewest violations (the stray item is the unchanged write's), never EDP-NOTIFY-2
 * or EDP-RPC-5 for it. With 150 ms of notification latency the stray items arrive while repeats
 * are in flight and after later runs have started (as an outside engineer's desk fan did): the
 * first 3 seeds in npm test, all 20 with FLEETCERT_DEVICE_SWEEP=1. Every printed replay was re-run
 * and reproduced, or is marked seen, not reproduced.
 */
import { describe, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { certifySimulator } from '../support/certify-simulator.js';
import { FULL_DEVICE_SWEEP, sweep } from '../support/seed-sweep.js';

/**
 * Certifications side by side: a run mostly waits (response and notification windows), so 10
 * at a time take little longer than one (measured: 1 → 65 s, 4 → 90 s, 10 → 77 s on 2 busy
 * cores). Each has its own simulator and broker; their verdicts must not depend on timing.
 */
const PARALLEL = 10;

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function certify(faults: readonly string[], seed: number): Promise<CertificationResult> {
  return certifySimulator({
    type: 'bulb',
    mode: 'broker',
    seed,
    faults: faults.map((name) => ({ name: name as never, rate: 1 })),
  });
}

function verdicts(runs: ReadonlyArray<{ seed: number; result: CertificationResult }>) {
  return runs.map(({ seed, result }) => ({
    seed,
    failed: result.requirements.filter((q) => q.verdict === 'failed').map((q) => q.rule),
  }));
}

function unmarkedUnreproduced(runs: ReadonlyArray<{ seed: number; result: CertificationResult }>) {
  return runs.flatMap(({ seed, result }) =>
    result.requirements.flatMap((q) =>
      q.verdict === 'failed' &&
      q.reproduced === false &&
      !q.counterexample.summary.includes('Seen, not reproduced')
        ? [{ seed, rule: q.rule }]
        : [],
    ),
  );
}

describe('a device that notifies unchanged values fails EDP-NOTIFY-1 alone (issue 18)', () => {
  it.concurrent('notify-unchanged: EDP-NOTIFY-1 alone with seeds 1–20', async ({ expect }) => {
    const runs = await sweep((seed) => certify(['notify-unchanged'], seed), PARALLEL, SEEDS);
    const wrong = verdicts(runs).filter(({ failed }) => failed.join() !== 'EDP-NOTIFY-1');
    expect(wrong).toEqual([]);
    expect(unmarkedUnreproduced(runs)).toEqual([]);
  }, 900_000);

  const latencySeeds = FULL_DEVICE_SWEEP ? SEEDS : SEEDS.slice(0, 3);
  it.concurrent(`notify-unchanged with 150 ms latency: EDP-NOTIFY-1 alone with seeds ${latencySeeds.join(', ')}`, async ({
    expect,
  }) => {
    const runs = await sweep(
      (seed) => certify(['notify-unchanged', 'notification-latency'], seed),
      PARALLEL,
      latencySeeds,
    );
    const wrong = verdicts(runs).filter(({ failed }) => failed.join() !== 'EDP-NOTIFY-1');
    expect(wrong).toEqual([]);
    expect(unmarkedUnreproduced(runs)).toEqual([]);
  }, 900_000);
});
