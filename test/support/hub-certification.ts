/**
 * Hub certification for tests, composed here until the run composition (runs/) is wired for it:
 * the embedded broker, a recorded simulated fleet, the hub process started by the configuration
 * contract (grants from planHubGrants), then certifyHub through a FleetPort over the recorded
 * devices. Tests may import both sides; conformance/ still imports nothing under simulators/.
 */
import { fileURLToPath } from 'node:url';
import { certifyHub, type HubCertification } from '../../conformance/certify/certify-hub.js';
import type {
  DeviceRecords,
  FleetDevice,
  FleetPort,
  Responsiveness,
  SentMessage,
} from '../../conformance/suites/hub/fleet-port.js';
import { hubConfigApps, planHubGrants } from '../../conformance/suites/hub/plan-hub-grants.js';
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
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
  readonly maxCommands?: number;
  readonly shrinkTimeLimitMs?: number;
  readonly timeLimitMs?: number;
}

/** A FleetPort over recorded simulated devices (the oracle is their own records). */
class RecordedFleetPort implements FleetPort {
  private appeared = 0;
  constructor(
    private readonly running: Map<string, RunningDevice>,
    private readonly start: (deviceId: string) => Promise<RunningDevice>,
  ) {}
  get devices(): readonly FleetDevice[] {
    return [...this.running.values()].map((d) => ({
      deviceId: d.deviceId,
      binding: d.transport,
      model: d.model,
      firmware: d.firmware,
    }));
  }
  async appear(): Promise<FleetDevice> {
    this.appeared++;
    const device = await this.start(`late-${String(this.appeared).padStart(4, '0')}`);
    this.running.set(device.deviceId, device);
    return {
      deviceId: device.deviceId,
      binding: device.transport,
      model: device.model,
      firmware: device.firmware,
    };
  }
  now(): number {
    return performance.now();
  }
  private get(id: string): RunningDevice {
    const d = this.running.get(id);
    if (d === undefined) throw new Error(`no device ${id}`);
    return d;
  }
  records(id: string): DeviceRecords {
    return this.get(id).recorder as DeviceRecords;
  }
  isOnline(id: string): boolean {
    return this.get(id).online;
  }
  async goOffline(id: string, how: 'graceful' | 'abrupt'): Promise<void> {
    await this.get(id).goOffline(how);
    if (how === 'abrupt') await new Promise((r) => setTimeout(r, 100));
  }
  comeBack(id: string): Promise<void> {
    return this.get(id).comeBack();
  }
  setResponsiveness(id: string, r: Responsiveness): void {
    this.get(id).recorder?.setResponsiveness(r);
  }
  async notifyOnItsOwn(id: string): Promise<readonly SentMessage[]> {
    const recorder = this.get(id).recorder;
    const before = recorder?.sent.length ?? 0;
    this.get(id).notifyOnItsOwn();
    return (recorder?.sent.slice(before) ?? []).filter((s) => s.kind === 'notification') as SentMessage[];
  }
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
  let broker: EmbeddedBroker | undefined;
  let hub: RunningHubProcess | undefined;
  const running = new Map<string, RunningDevice>();
  try {
    broker = await startEmbeddedBroker({ port: 0 });
    const url = broker.url;
    const start = (deviceId: string, model: DeviceModel) =>
      runDevice({
        model,
        deviceId,
        token: `${deviceId}-token`,
        transport: { kind: 'mqtt', url },
        seed: run.seed,
        telemetryPeriodMs: false,
        record: true,
      });
    for (const name of MODELS)
      for (let i = 1; i <= (counts[name] ?? 0); i++) {
        const deviceId = `${name}-${String(i).padStart(4, '0')}`;
        running.set(deviceId, await start(deviceId, models[name] as DeviceModel));
      }
    const plan = planHubGrants([...running.keys()], run.seed);
    const deadlineMs = run.deadlineMs ?? 800;
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
    return await certifyHub({
      hubUrl: hub.url,
      target: run.fault === undefined ? 'fleetcert hub' : `fleetcert hub --fault ${run.fault}`,
      ...plan,
      deadlineMs,
      fleet: new RecordedFleetPort(running, (id) => start(id, models.bulb as DeviceModel)),
      seed: run.seed,
      runs: run.runs,
      toolVersion: 'test',
      maxCommands: run.maxCommands ?? 8,
      shrinkTimeLimitMs: run.shrinkTimeLimitMs ?? 8_000,
      timeLimitMs: run.timeLimitMs ?? 60_000,
    });
  } finally {
    await hub?.stop();
    await Promise.all([...running.values()].map((d) => d.stop()));
    await broker?.close();
  }
}
