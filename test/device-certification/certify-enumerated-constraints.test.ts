/**
 * Issue 18, item 4: the enumerated cases send an invalid value per constraint of every writable
 * property and action argument in every certification, so a device that accepts only one kind
 * of invalid value fails its rule alone, in a full certification at default settings (no
 * --only), with every seed; the failure names the constraint. The reference devices, and the
 * desk fan test model whose actions take stepped arguments, still certify.
 */
import { describe, it } from 'vitest';
import type { RuleId } from '../../conformance/catalogue/rule-ids.js';
import type { FaultName } from '../../simulators/faults/types.js';
import { certifySimulator, type Mode } from '../support/certify-simulator.js';
import type { ModelName } from '../support/reference-simulator.js';
import { ACCEPTANCE_SEEDS, FULL_DEVICE_SWEEP, SWEEP_SEEDS, sweep } from '../support/seed-sweep.js';

interface Case {
  readonly fault: FaultName;
  readonly type: ModelName;
  readonly mode: Mode;
  readonly rule: RuleId;
  /** What the failure's summary must say about the constraint. */
  readonly names: RegExp;
}

const CASES: readonly Case[] = [
  {
    fault: 'accept-unlisted-value',
    type: 'purifier',
    mode: 'broker',
    rule: 'EDP-PROP-4',
    names: /not one of the values/,
  },
  {
    fault: 'accept-off-grid-in',
    type: 'fan',
    mode: 'ws',
    rule: 'EDP-ACT-2',
    // The values the fault lets in: off the grid of speed or timer (10.5 is also a uint8 fraction).
    names: /off the step grid of \[10,90,10\]|off the step grid of \[0,8,0.5\]|10\.5, a fraction for uint8/,
  },
  {
    fault: 'accept-off-grid',
    type: 'fan',
    mode: 'broker',
    rule: 'EDP-PROP-4',
    names: /off the step grid of \[|a fraction for uint8/,
  },
];

const sweepTest = FULL_DEVICE_SWEEP ? it : it.concurrent;
/** npm test: the first 3 seeds; FLEETCERT_DEVICE_SWEEP=1: seeds 1–10 and the rest of the sweep's (13 … 89). */
const SEEDS: readonly number[] = FULL_DEVICE_SWEEP
  ? [...new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, ...SWEEP_SEEDS])]
  : ACCEPTANCE_SEEDS;

describe(`each constraint is enumerated: one-constraint faults fail their rule alone with each of ${SEEDS.length} seeds, default settings`, () => {
  for (const c of CASES) {
    sweepTest(
      `${c.fault} on the ${c.type} (${c.mode}) fails ${c.rule} alone, naming the constraint`,
      async ({ expect }) => {
        const runs = await sweep(
          (seed) =>
            certifySimulator({ type: c.type, mode: c.mode, seed, faults: [{ name: c.fault, rate: 1 }] }),
          FULL_DEVICE_SWEEP ? 3 : 2,
          SEEDS,
        );
        for (const { seed, result } of runs) {
          const failed = result.requirements.filter((r) => r.verdict === 'failed');
          // Consequences of the rule in the same run (a notification of the refused value) are named as such.
          const own = failed.filter((r) => r.verdict === 'failed' && r.consequenceOf === undefined);
          expect(
            own.map((r) => r.rule),
            `seed ${seed}: ${failed.map((r) => `${r.rule} ${r.verdict === 'failed' ? r.counterexample.summary : ''}`).join(' | ')}`,
          ).toEqual([c.rule]);
          const mine = own[0];
          if (mine?.verdict === 'failed')
            expect(mine.counterexample.summary, `seed ${seed}`).toMatch(c.names);
        }
      },
      600_000,
    );
  }

  it.concurrent('the desk fan (stepped action arguments) certifies over MQTT and WebSocket, every enumerated case sent', async ({
    expect,
  }) => {
    const results = await Promise.all(
      (['broker', 'ws'] as const).map((mode, i) =>
        certifySimulator({ type: 'fan', mode, seed: ACCEPTANCE_SEEDS[i] ?? 1 }),
      ),
    );
    for (const result of results) {
      expect(
        result.verdict,
        result.requirements.map((r) => (r.verdict === 'failed' ? r.counterexample.summary : '')).join(' '),
      ).toBe('certified');
      const act2 = result.requirements.find((r) => r.rule === 'EDP-ACT-2');
      expect(act2?.cases?.sent.length).toBe(act2?.cases?.enumerated);
      expect(act2?.cases?.sent.some((n) => n.includes('in[0] (fan.speed) step'))).toBe(true);
      const prop4 = result.requirements.find((r) => r.rule === 'EDP-PROP-4');
      expect(prop4?.cases?.sent.length).toBe(prop4?.cases?.enumerated);
    }
  }, 600_000);
});
