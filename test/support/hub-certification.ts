/**
 * Hub certification for tests, through the one run composition (runs/hub): the embedded broker,
 * a recorded simulated fleet, the hub process started by the configuration contract (grants
 * from planHubGrants), then certifyHub through the recorded fleet's FleetPort. Tests may import
 * both sides; conformance/ still imports nothing under simulators/.
 */
import { fileURLToPath } from 'node:url';
import type { HubCertification } from '../../conformance/certify/certify-hub.js';
import { runHubCertification as runHub } from '../../runs/index.js';
import { FleetcertError } from '../../src/errors.js';
import { loadModelFile } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { referenceHubCommand } from './hub/hub-process.js';

const MODELS = ['bulb', 'purifier', 'tv'] as const;

export interface HubCertificationRun {
  readonly seed: number;
  readonly runs: number;
  /** Default: the reference hub. */
  readonly command?: readonly string[];
  /** Planted hub fault (`--fault NAME`) of the reference hub. */
  readonly fault?: string;
  readonly deadlineMs?: number;
  readonly fleet?: Partial<Record<(typeof MODELS)[number], number>>;
  /** WebSocket devices in ws_devices, besides the MQTT fleet. Default 0. */
  readonly wsDevices?: number;
  readonly maxCommands?: number;
  readonly shrinkTimeLimitMs?: number;
  readonly timeLimitMs?: number;
}

async function referenceModels(): Promise<Record<string, DeviceModel>> {
  const out: Record<string, DeviceModel> = {};
  for (const name of MODELS)
    out[name] = (
      await loadModelFile(fileURLToPath(new URL(`../../fixtures/models/${name}.json`, import.meta.url)))
    ).model;
  return out;
}

export async function runHubCertification(run: HubCertificationRun): Promise<HubCertification> {
  const models = await referenceModels();
  const counts = run.fleet ?? { bulb: 2, purifier: 1, tv: 1 };
  const outcome = await runHub({
    hub: {
      kind: 'command',
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
      model: models[name] as DeviceModel,
      count: counts[name] as number,
    })),
    wsDevices: run.wsDevices ?? 0,
    deadlineMs: run.deadlineMs ?? 800,
    seed: run.seed,
    runs: run.runs,
    toolVersion: 'test',
    maxCommands: run.maxCommands ?? 8,
    shrinkTimeLimitMs: run.shrinkTimeLimitMs ?? 8_000,
    sessionTimeLimitMs: run.timeLimitMs ?? 60_000,
  });
  if (outcome.result === undefined) throw outcome.run.error ?? new Error(`hub run ${outcome.run.status}`);
  const error = outcome.run.error;
  // The run turns "the hub stopped serving with nothing failed" into a setup error after the result.
  if (error instanceof FleetcertError && error.code === 'FLEETCERT_HUB_STOPPED')
    return { result: outcome.result, stoppedBy: error.message } as HubCertification;
  if (error !== undefined) throw error;
  return { result: outcome.result } as HubCertification;
}
