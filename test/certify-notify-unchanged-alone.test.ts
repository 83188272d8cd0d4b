/**
 * Issue 18, device side: a device whose one bug is a properties_changed item for every write,
 * changed or not, fails EDP-NOTIFY-1 and nothing else, with seeds 1–20, in a full certification
 * at default settings (no --only). Its stray items arrive while repeats are in flight and after
 * later runs have started (with and without 150 ms of notification latency): the judge must take
 * the reading with the fewest violations (the stray item is the unchanged write's) and never
 * blame EDP-NOTIFY-2 or EDP-RPC-5 for it. Every printed replay reproduces or is marked.
 */
import { describe, expect, it } from 'vitest';
import type { CertificationResult } from '../src/result/certification-result.js';
import { certifySimulator } from './support/certify-simulator.js';
import { sweep } from './support/seed-sweep.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function certify(faults: readonly string[], seed: number): Promise<CertificationResult> {
  return certifySimulator({
    type: 'bulb',
    mode: 'broker',
    seed,
    faults: faults.map((name) => ({ name: name as never, rate: 1 })),
    // Default settings; shrinking off: the verdict per rule is what is swept, not the counterexample's size.
    config: { shrinkTimeLimitMs: 0 },
  });
}

const failedRules = (r: CertificationResult) =>
  r.requirements.filter((q) => q.verdict === 'failed').map((q) => q.rule);

describe('a device that notifies unchanged values fails EDP-NOTIFY-1 alone (issue 18)', () => {
  for (const faults of [['notify-unchanged'], ['notify-unchanged', 'notification-latency']]) {
    it(`${faults.join(' + ')}: EDP-NOTIFY-1 alone with seeds 1–20`, async () => {
      const runs = await sweep((seed) => certify(faults, seed), 4, SEEDS);
      const wrong = runs
        .map(({ seed, result }) => ({ seed, failed: failedRules(result) }))
        .filter(({ failed }) => failed.join() !== 'EDP-NOTIFY-1');
      expect(wrong).toEqual([]);
    }, 900_000);
  }
});
