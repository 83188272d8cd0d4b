/**
 * The body of the "every planted bug is caught with every seed" acceptance (issue 4), shared by
 * device-bugs-caught-every-seed-mqtt.test.ts and -websocket.test.ts: one binding's planted bugs,
 * each certified with every acceptance seed, limited to the rule the bug breaks and without
 * shrinking (the verdict is what is swept; minimal counterexamples are tested in certify-bugs-*).
 * Two files so that vitest spreads the two bindings over its workers.
 */
import { describe, it } from 'vitest';
import {
  ACCEPTANCE_SEEDS,
  bugSweepCases,
  certifyBugWithSeed,
  FULL_DEVICE_SWEEP,
  sweep,
} from './seed-sweep.js';

const BINDING_TITLES = { mqtt: 'MQTT devices', ws: 'WebSocket devices' } as const;

/** A few bugs at once with 3 seeds each; the full sweep's 10 seeds per bug are parallel enough. */
const sweepTest = FULL_DEVICE_SWEEP ? it : it.concurrent;

/** Declares the sweep of one binding's planted bugs: each must fail its rule with every seed. */
export function describeDeviceBugSweep(binding: 'mqtt' | 'ws'): void {
  describe(`every planted bug is caught with every one of ${ACCEPTANCE_SEEDS.length} seeds (${BINDING_TITLES[binding]})`, () => {
    for (const bug of bugSweepCases(binding)) {
      sweepTest(
        `${bug.fault} fails ${bug.rule} with all ${ACCEPTANCE_SEEDS.length} seeds`,
        async ({ expect }) => {
          const runs = await sweep((seed) => certifyBugWithSeed(bug, seed), 10);
          expect(runs.length).toBe(ACCEPTANCE_SEEDS.length);
          const missed = runs.filter(
            ({ result }) => result.requirements.find((r) => r.rule === bug.rule)?.verdict !== 'failed',
          );
          expect(missed.map((m) => m.seed)).toEqual([]);
        },
        120_000,
      );
    }
  });
}
