/**
 * Hub certification for tests, through the one run composition the CLI uses (runs/hub): a fresh
 * broker (with the run's logins), recorded fleet, hub process and grants from the seed, the
 * fleet's abrupt cuts waiting until the broker saw the device leave (its will is out) before it
 * may come back. Tests certify what partners run; there is no second composition to drift from it
 * (issue 18: a kept-up test bench without that wait was a second copy of the wiring).
 */
import type { HubCertification } from '../../conformance/certify/certify-hub.js';
import type { HubRuleId } from '../../conformance/suites/hub/hub-rule-ids.js';
import type { HubGrantPlan } from '../../conformance/suites/hub/index.js';
import type { ReplayToken } from '../../conformance/suites/model-based/replay-token.js';
import { runHubCertification as runHub } from '../../runs/index.js';
import { FleetcertError } from '../../src/errors.js';
import { referenceHubCommand } from './hub/hub-process.js';
import { referenceModel } from './reference-simulator.js';

const MODELS = ['bulb', 'purifier', 'tv'] as const;

export interface HubCertificationRun {
  readonly seed: number;
  readonly runs: number;
  /** Default: the reference hub. */
  readonly command?: readonly string[];
  /** Planted hub fault (`--fault NAME`) of the reference hub. */
  readonly fault?: string;
  /** D written into the hub's configuration. Default 800 ms. */
  readonly deadlineMs?: number;
  /** Default bulb=2, purifier=1, tv=1. */
  readonly fleet?: Partial<Record<(typeof MODELS)[number], number>>;
  /** WebSocket devices in ws_devices, besides the MQTT fleet. Default 0. */
  readonly wsDevices?: number;
  readonly maxCommands?: number;
  readonly shrinkTimeLimitMs?: number;
  readonly timeLimitMs?: number;
  /** Rules judged; default every rule. */
  readonly only?: HubRuleId[];
  /** A counterexample's replay token: reruns that session (with the same seed it was found with). */
  readonly replay?: ReplayToken;
}

/** What a test gets back: the judge's certification and the grants the run wrote into the hub's configuration. */
export type TestHubCertification = HubCertification & { readonly grants: HubGrantPlan };

/** One whole hub certification through the run composition (runs/hub): fresh broker, fleet and hub. */
export async function runHubCertification(run: HubCertificationRun): Promise<TestHubCertification> {
  const counts = run.fleet ?? { bulb: 2, purifier: 1, tv: 1 };
  const outcome = await runHub({
    hub: {
      kind: 'hub-command',
      command:
        run.command ??
        referenceHubCommand([
          '--log-level',
          'warn',
          ...(run.fault === undefined ? [] : ['--fault', run.fault]),
        ]),
      display: run.fault === undefined ? 'fleetcert hub' : `fleetcert hub --fault ${run.fault}`,
    },
    fleet: MODELS.filter((name) => (counts[name] ?? 0) > 0).map((name) => ({
      type: name,
      model: referenceModel(name),
      count: counts[name] as number,
    })),
    wsDevices: run.wsDevices ?? 0,
    deadlineMs: run.deadlineMs ?? 800,
    seed: run.seed,
    runs: run.runs,
    ...(run.only === undefined ? {} : { only: run.only }),
    ...(run.replay === undefined ? {} : { replay: run.replay }),
    toolVersion: 'test',
    maxCommands: run.maxCommands ?? 8,
    shrinkTimeLimitMs: run.shrinkTimeLimitMs ?? 8_000,
    sessionTimeLimitMs: run.timeLimitMs ?? 60_000,
  });
  if (outcome.result === undefined || outcome.grants === undefined)
    throw outcome.run.error ?? new Error(`hub run ${outcome.run.status}`);
  const error = outcome.run.error;
  const certification = { result: outcome.result, grants: outcome.grants } as TestHubCertification;
  // The run turns "the hub stopped serving with nothing failed" into a setup error after the result.
  if (error instanceof FleetcertError && error.code === 'FLEETCERT_HUB_STOPPED')
    return { ...certification, stoppedBy: error.message };
  if (error !== undefined) throw error;
  return certification;
}
