/**
 * Hub certification for tests. `runHubCertification` goes through the one run composition
 * (runs/hub). `startHubBench` keeps one broker, recorded fleet and hub process up for several
 * certifications (the seed sweeps of the acceptance tests, where starting all three per seed
 * would cost more than the judging). Tests may import both sides; conformance/ imports nothing
 * under simulators/.
 */
import { fileURLToPath } from 'node:url';
import { certifyHub, type HubCertification } from '../../conformance/certify/certify-hub.js';
import type { FleetPort } from '../../conformance/suites/hub/fleet-port.js';
import type { HubRuleId } from '../../conformance/suites/hub/hub-rule-ids.js';
import { hubConfigApps, planHubGrants } from '../../conformance/suites/hub/plan-hub-grants.js';
import type { ReplayToken } from '../../conformance/suites/model-based/replay-token.js';
import { RecordedFleet } from '../../runs/hub/recorded-fleet.js';
import { runHubCertification as runHub } from '../../runs/index.js';
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import { FleetcertError } from '../../src/errors.js';
import { loadModelFile } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { type RunningHubProcess, referenceHubCommand, startHubProcess } from './hub/hub-process.js';

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
  /** WebSocket devices in ws_devices, besides the MQTT fleet (runHubCertification only). Default 0. */
  readonly wsDevices?: number;
  readonly maxCommands?: number;
  readonly shrinkTimeLimitMs?: number;
  readonly timeLimitMs?: number;
  /** Rules judged (runHubCertification only); default every rule. */
  readonly only?: HubRuleId[];
}

async function referenceModels(): Promise<Record<string, DeviceModel>> {
  const out: Record<string, DeviceModel> = {};
  for (const name of MODELS)
    out[name] = (
      await loadModelFile(fileURLToPath(new URL(`../../fixtures/models/${name}.json`, import.meta.url)))
    ).model;
  return out;
}

export interface HubBench {
  readonly plan: ReturnType<typeof planHubGrants>;
  readonly fleet: FleetPort;
  readonly hubUrl: string;
  readonly deadlineMs: number;
  certify(options: {
    seed: number;
    runs: number;
    only?: HubRuleId[];
    replay?: ReplayToken;
    maxCommands?: number;
    shrinkTimeLimitMs?: number;
    timeLimitMs?: number;
  }): Promise<HubCertification>;
  stop(): Promise<void>;
}

/** Broker, recorded fleet and hub process, kept up for several certifications (grants from `grantSeed`). */
export async function startHubBench(
  run: Omit<HubCertificationRun, 'seed' | 'runs'> & { grantSeed: number },
): Promise<HubBench> {
  const models = await referenceModels();
  const counts = run.fleet ?? { bulb: 2, purifier: 1, tv: 1 };
  let broker: EmbeddedBroker | undefined;
  let hub: RunningHubProcess | undefined;
  const running = new Map<string, RunningDevice>();
  const stop = async () => {
    await hub?.stop();
    await Promise.all([...running.values()].map((d) => d.stop()));
    await broker?.close();
  };
  try {
    broker = await startEmbeddedBroker({ port: 0 });
    const url = broker.url;
    const start = (deviceId: string, model: DeviceModel) =>
      runDevice({
        model,
        deviceId,
        token: `${deviceId}-token`,
        transport: { kind: 'mqtt', url },
        seed: run.grantSeed,
        telemetryPeriodMs: false,
        record: true,
      });
    for (const name of MODELS)
      for (let i = 1; i <= (counts[name] ?? 0); i++) {
        const deviceId = `${name}-${String(i).padStart(4, '0')}`;
        running.set(deviceId, await start(deviceId, models[name] as DeviceModel));
      }
    const plan = planHubGrants([...running.keys()], run.grantSeed);
    const deadlineMs = run.deadlineMs ?? 500;
    hub = await startHubProcess(
      {
        mqtt: { url: broker.url, username: 'controller:hub', password: 'hub-token' },
        deadline_ms: deadlineMs,
        apps: hubConfigApps(plan),
      },
      run.command ??
        referenceHubCommand([
          '--log-level',
          'warn',
          ...(run.fault === undefined ? [] : ['--fault', run.fault]),
        ]),
    );
    // The run composition's fleet port (runs/hub), over this bench's devices.
    const fleet = new RecordedFleet([...running.values()], {
      now: () => performance.now(),
      startLate: (id) => start(id, models.bulb as DeviceModel),
    });
    const hubUrl = hub.url;
    return {
      plan,
      fleet,
      hubUrl,
      deadlineMs,
      certify: (o) =>
        certifyHub({
          hubUrl,
          target: run.fault === undefined ? 'fleetcert hub' : `fleetcert hub --fault ${run.fault}`,
          ...plan,
          deadlineMs,
          fleet,
          seed: o.seed,
          runs: o.runs,
          ...(o.only === undefined ? {} : { only: o.only }),
          ...(o.replay === undefined ? {} : { replay: o.replay }),
          toolVersion: 'test',
          maxCommands: o.maxCommands ?? run.maxCommands ?? 8,
          shrinkTimeLimitMs: o.shrinkTimeLimitMs ?? run.shrinkTimeLimitMs ?? 8_000,
          timeLimitMs: o.timeLimitMs ?? run.timeLimitMs ?? 60_000,
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One whole hub certification through the run composition (runs/hub): fresh broker, fleet and hub. */
export async function runHubCertification(run: HubCertificationRun): Promise<HubCertification> {
  const models = await referenceModels();
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
      model: models[name] as DeviceModel,
      count: counts[name] as number,
    })),
    wsDevices: run.wsDevices ?? 0,
    deadlineMs: run.deadlineMs ?? 800,
    seed: run.seed,
    runs: run.runs,
    ...(run.only === undefined ? {} : { only: run.only }),
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
