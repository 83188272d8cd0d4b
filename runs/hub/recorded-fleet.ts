/**
 * The hub judge's fleet port (conformance/suites/hub/fleet-port.ts) over recorded simulated
 * devices (simulators' `runDevice` with `record`): the devices' own records are the judge of
 * EDP-HUB-1..5, and the controls switch devices off, back, silent or slow. One clock times
 * every record and `now()`, so the judge can compare a device's record with what an app saw.
 */
import type {
  DeviceRecords,
  FleetDevice,
  FleetPort,
  Responsiveness,
  SentMessage,
} from '../../conformance/suites/hub/index.js';
import type { DeviceRecorder, RunningDevice } from '../../simulators/index.js';
import { FleetcertError } from '../../src/index.js';

export interface RecordedFleetOptions {
  /** The clock every device records on. */
  readonly now: () => number;
  /**
   * After an abrupt cut of an MQTT device: resolves once the broker has seen the connection go
   * (so its will is out before the device may come back). Default: a short pause.
   */
  readonly brokerSawLeave?: (deviceId: string) => Promise<void>;
  /** Start a device the hub has never seen under this id (FleetPort.appear); absent: no `appear`. */
  readonly startLate?: (deviceId: string) => Promise<RunningDevice>;
  /** Ids a late device must not take (the grants' ghosts and unknown ids). */
  readonly reservedIds?: readonly string[];
}

const DEFAULT_LEAVE_PAUSE_MS = 200;

interface Entry {
  readonly device: RunningDevice;
  readonly recorder: DeviceRecorder;
}

export class RecordedFleet implements FleetPort {
  readonly appear: (() => Promise<FleetDevice>) | undefined;
  readonly #byId = new Map<string, Entry>();
  readonly #options: RecordedFleetOptions;
  #devices: readonly FleetDevice[] = [];
  #late = 0;

  constructor(running: readonly RunningDevice[], options: RecordedFleetOptions) {
    this.#options = options;
    for (const device of running) this.#add(device);
    const startLate = options.startLate;
    this.appear = startLate === undefined ? undefined : () => this.#appear(startLate);
  }

  /** Every device, late ones included, in the order they joined. */
  get devices(): readonly FleetDevice[] {
    return this.#devices;
  }

  now(): number {
    return this.#options.now();
  }

  records(deviceId: string): DeviceRecords {
    return this.#get(deviceId).recorder;
  }

  /** Records dropped at the cap, all devices together (a report may say so). */
  dropped(): number {
    let total = 0;
    for (const { recorder } of this.#byId.values()) total += recorder.dropped;
    return total;
  }

  isOnline(deviceId: string): boolean {
    return this.#get(deviceId).device.online;
  }

  async goOffline(deviceId: string, how: 'graceful' | 'abrupt'): Promise<void> {
    const { device } = this.#get(deviceId);
    await device.goOffline(how);
    if (how === 'abrupt' && device.transport === 'mqtt') {
      await (this.#options.brokerSawLeave?.(deviceId) ??
        new Promise((resolve) => setTimeout(resolve, DEFAULT_LEAVE_PAUSE_MS)));
    }
  }

  comeBack(deviceId: string): Promise<void> {
    return this.#get(deviceId).device.comeBack();
  }

  setResponsiveness(deviceId: string, responsiveness: Responsiveness): void {
    this.#get(deviceId).recorder.setResponsiveness(responsiveness);
  }

  /** Every device online, answering normally, its properties at their initial values (FleetPort.reset). */
  async reset(): Promise<void> {
    await Promise.all(
      [...this.#byId.values()].map(async ({ device, recorder }) => {
        recorder.setResponsiveness({ kind: 'normal' });
        if (!device.online) await device.comeBack();
        device.engine.resetState();
      }),
    );
  }

  async notifyOnItsOwn(deviceId: string): Promise<readonly SentMessage[]> {
    const { device, recorder } = this.#get(deviceId);
    const before = recorder.sent.length;
    device.notifyOnItsOwn();
    return recorder.sent.slice(before).filter((s) => s.kind === 'notification');
  }

  /** EDP-HUB-3's `"*"` covers devices that appear later: one the hub has never seen, under a fresh id. */
  async #appear(startLate: (deviceId: string) => Promise<RunningDevice>): Promise<FleetDevice> {
    const reserved = new Set(this.#options.reservedIds ?? []);
    let deviceId: string;
    do deviceId = `late-${String(++this.#late).padStart(4, '0')}`;
    while (this.#byId.has(deviceId) || reserved.has(deviceId));
    return this.#add(await startLate(deviceId));
  }

  #add(device: RunningDevice): FleetDevice {
    if (!device.recorder)
      throw new FleetcertError(
        'FLEETCERT_FLEET_UNRECORDED',
        `device ${device.deviceId} runs without records`,
      );
    this.#byId.set(device.deviceId, { device, recorder: device.recorder });
    const view: FleetDevice = Object.freeze({
      deviceId: device.deviceId,
      binding: device.transport,
      model: device.model,
      firmware: device.firmware,
    });
    this.#devices = Object.freeze([...this.#devices, view]);
    return view;
  }

  #get(deviceId: string): Entry {
    const entry = this.#byId.get(deviceId);
    if (!entry)
      throw new FleetcertError(
        'FLEETCERT_FLEET_UNKNOWN_DEVICE',
        `no device ${JSON.stringify(deviceId)} in the fleet`,
      );
    return entry;
  }
}
