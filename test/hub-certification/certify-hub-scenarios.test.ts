/**
 * Seeds never decide (issue 18 item 6): in a full certification (no --only, every rule explored
 * with its share of the runs), a hub whose subscribe adds instead of replacing (EDP-HUB-3), one
 * that forwards to offline devices and answers -4011 at the deadline (EDP-HUB-2), one whose list
 * tokens' `"*"` leaks devices they are not granted (EDP-HUB-5), and one that never announces a
 * WebSocket device's close (EDP-HUB-4) each fail their own rule and no other, with every seed;
 * so do partner 4's two misses of issue 18 as reference-hub faults: a narrowed subscription that
 * keeps the dropped device (EDP-HUB-3) and a WebSocket comeback announced before its `hello` (EDP-HUB-4):
 * the fleet events their rules depend on are enumerated per rule (rule scenarios), not drawn.
 * `npm test` takes two seeds per fault (a different pair each); FLEETCERT_HUB_SWEEP=1 all of 1–20.
 * The scenarios' coverage for seeds 1–20 is proven without a hub in
 * conformance/suites/hub/rule-scenarios.test.ts.
 *
 * With seed 4 in the README's `--fleet bulb=4,tv=2 --ws-devices 2`, ws-close-not-offline was
 * certified: an EDP-HUB-2 scenario sent the WebSocket TV away, the hub's reconnect backoff grew
 * while it stayed away, and the EDP-HUB-4 scenarios cut and brought back a device the hub had not
 * reconnected to (no presence change in its records, nothing owed). Fleet events now wait until
 * the hub has the device (conformance/suites/hub/hub-has-device.ts); that seed and shape are
 * swept always (all of 1–20 under FLEETCERT_HUB_SWEEP=1), and the reference and independent hubs
 * are certified with it.
 */
import { describe, it } from 'vitest';
import type { HubRuleId } from '../../conformance/suites/hub/hub-rule-ids.js';
import { independentHubCommand } from '../support/hub/hub-process.js';
import { runHubCertification } from '../support/hub-certification.js';
import {
  expectOwnRuleAlone,
  FULL_HUB_SWEEP,
  fullSweepSeeds,
  seedLabel,
  TWENTY_SEEDS,
} from '../support/hub-sweep.js';
import { mapConcurrently } from '../support/map-concurrently.js';

/** Small sessions and few of them: the scenarios catch these faults before any dice. */
const CHEAP = { runs: 10, maxCommands: 6, shrinkTimeLimitMs: 3_000, timeLimitMs: 60_000 } as const;

/**
 * The README's WebSocket fleet (`--fleet bulb=4,tv=2 --ws-devices 2`), where seed 4 once let
 * ws-close-not-offline through. Its time limit is a bound, not a target: a fleet event may wait up
 * to section 8's 30 s reconnect gap for the hub to have a WebSocket device again, and every rule's
 * scenarios must get their turn on a busy machine.
 */
const README_WS_FLEET = { fleet: { bulb: 4, tv: 2 }, wsDevices: 2, ...CHEAP, timeLimitMs: 300_000 } as const;
/**
 * The escape came from the hub's backoff racing the sessions before the EDP-HUB-4 scenarios, so
 * the fault's run keeps the sessions of the run that showed it (50, as the CLI's default);
 * hub-has-device.test.ts proves the wait itself without a hub or a clock.
 */
const FAULT_RUNS = 50;
const README_WS_SEEDS = FULL_HUB_SWEEP ? TWENTY_SEEDS : [4];

/**
 * The faults a full certification must fail for their own rule alone; `ws` ones only a WebSocket
 * device shows. In this order, each fault's place picks its seeds (fullSweepSeeds): partner 4's
 * two misses of issue 18 (unsub-leak, presence-early) come last so the others keep theirs.
 */
const FULL_SWEEP_FAULTS: readonly { fault: string; rule: HubRuleId; ws: boolean }[] = [
  { fault: 'subscribe-appends', rule: 'EDP-HUB-3', ws: false },
  { fault: 'forward-to-offline', rule: 'EDP-HUB-2', ws: false },
  { fault: 'star-leaks-ungranted', rule: 'EDP-HUB-5', ws: false },
  { fault: 'ws-close-not-offline', rule: 'EDP-HUB-4', ws: true },
  { fault: 'subscribe-narrow-leaks', rule: 'EDP-HUB-3', ws: false },
  { fault: 'ws-online-before-hello', rule: 'EDP-HUB-4', ws: true },
];

/**
 * Certifications side by side, each seed on its own hub, broker and fleet (the grants drawn from
 * the fault's first seed, as when one bench took them all in turn): a certification mostly waits
 * on the hub's deadline and presence timers, and no assertion depends on how long one took. The
 * four faults run together too, so at most 4 × PARALLEL at once: 8, measured 45 s for npm test's
 * eight certifications on 2 busy cores. More side by side in this one process starves the fleet
 * and broker that run beside the judge.
 */
const PARALLEL = 2;

describe.concurrent('a full certification fails a planted fault for its own rule alone, whatever the seed', () => {
  for (const [index, { fault, rule, ws }] of FULL_SWEEP_FAULTS.entries()) {
    const seeds = fullSweepSeeds(index);
    it(`${fault}${ws ? ' with WebSocket devices' : ''}: ${rule} alone, ${seedLabel(seeds)}`, async () => {
      const runs = await mapConcurrently(seeds, PARALLEL, async (seed) => ({
        seed,
        certification: await runHubCertification(
          ws
            ? {
                seed,
                fault,
                fleet: { bulb: 2, tv: 1 },
                wsDevices: 2,
                ...CHEAP,
                // A bound, not a target: WebSocket fleet events may wait for the hub to reconnect (README_WS_FLEET).
                timeLimitMs: README_WS_FLEET.timeLimitMs,
              }
            : { seed, fault, deadlineMs: 500, ...CHEAP },
        ),
      }));
      for (const { seed, certification } of runs) expectOwnRuleAlone(fault, rule, seed, certification);
    }, 1_800_000);
  }

  it(`ws-close-not-offline in --fleet bulb=4,tv=2 --ws-devices 2: EDP-HUB-4 alone, ${seedLabel(README_WS_SEEDS)}`, async () => {
    const runs = await mapConcurrently(README_WS_SEEDS, PARALLEL, async (seed) => ({
      seed,
      certification: await runHubCertification({
        seed,
        fault: 'ws-close-not-offline',
        ...README_WS_FLEET,
        runs: FAULT_RUNS,
      }),
    }));
    for (const { seed, certification } of runs)
      expectOwnRuleAlone('ws-close-not-offline', 'EDP-HUB-4', seed, certification);
  }, 1_800_000);
});

describe.concurrent('correct hubs in --fleet bulb=4,tv=2 --ws-devices 2 with seed 4 are certified', () => {
  const hubs = { reference: undefined, independent: independentHubCommand() };
  for (const [name, command] of Object.entries(hubs))
    it(`the ${name} hub`, async ({ expect }) => {
      const { result } = await runHubCertification({
        seed: 4,
        ...(command === undefined ? {} : { command }),
        ...README_WS_FLEET,
      });
      const failed = result.requirements
        .filter((r) => r.verdict !== 'passed')
        .map((r) => `${r.rule} ${r.verdict}: ${r.verdict === 'failed' ? r.counterexample.summary : ''}`);
      expect(failed).toEqual([]);
      expect(result.verdict).toBe('certified');
    }, 900_000);
});
