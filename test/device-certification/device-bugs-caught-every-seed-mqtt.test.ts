/**
 * Acceptance (issue 4): every planted bug is caught in every run with different seeds: the first
 * 3 of the 10 in npm test, all 10 with FLEETCERT_DEVICE_SWEEP=1 (the MQTT devices' bugs here, the
 * WebSocket devices' in device-bugs-caught-every-seed-websocket.test.ts). Each bug's certifications run in parallel against their
 * own simulators (in npm test several bugs at once), limited to the rule the bug breaks and
 * without shrinking: the verdict is what is swept; minimal counterexamples are tested in
 * certify-bugs-*.
 */
import { describe, it } from 'vitest';
import {
  ACCEPTANCE_SEEDS,
  bugSweepCases,
  certifyBugWithSeed,
  FULL_DEVICE_SWEEP,
  sweep,
} from '../support/seed-sweep.js';

/** A few bugs at once with 3 seeds each; the full sweep's 10 seeds per bug are parallel enough. */
const sweepTest = FULL_DEVICE_SWEEP ? it : it.concurrent;

describe(`every planted bug is caught with every one of ${ACCEPTANCE_SEEDS.length} seeds (MQTT devices)`, () => {
  for (const bug of bugSweepCases('mqtt')) {
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
