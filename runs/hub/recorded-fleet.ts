/**
 * The hub judge's fleet port (conformance/suites/hub/fleet-port.ts) over recorded simulated
 * devices (simulators' `runDevice` with `record`): the devices' own records are the oracle of
 * EDP-HUB-1..5, and the controls switch devices off, back, silent or slow. One clock times
 * every record and `now()`, so the judge can compare a device's record with what an app saw.
 */
import type {
  DeviceRecords,
  FleetDevice,
  FleetPort,
  Responsiveness,
  SentMessage,
} from '../../conformance/suites/hub/fleet-port.js';
import type { DeviceRecorder, RunningDevice } from '../../simulators/index.js';
import { FleetcertError } from '../../src/errors.js';

export interface RecordedFleetOptions {
  /** The clock every device records on. */
  readonly now: () => number;
  /**
   * After an abrupt cut of an MQTT device: resolves once the broker has seen the connection go
   * (so its will is out before the device may come back). Default: a short pause.
   */
  readonly brokerSawLeave?: (deviceId: string) => Promise<void>;
}

const DEFAULT_LEAVE_PAUSE_MS = 200;

export class RecordedFleet implements FleetPort {
  readonly devices: readonly FleetDevice[];
  readonly #byId: ReadonlyMap<string, { device: RunningDevice; recorder: DeviceRecorder }>;
  readonly #options: RecordedFleetOptions;

  constructor(running: readonly RunningDevice[], options: RecordedFleetOptions) {
    this.#options = options;
    const byId = new Map<string, { device: RunningDevice; recorder: DeviceRecorder }>();
    for (const device of running) {
      if (!device.recorder)
        throw new FleetcertError(
          'FLEETCERT_FLEET_UNRECORDED',
          `device ${device.deviceId} runs without records`,
        );
      byId.set(device.deviceId, { device, recorder: device.recorder });
    }
    this.#byId = byId;
    this.devices = Object.freeze(
      running.map((d) =>
        Object.freeze({ deviceId: d.deviceId, binding: d.transport, model: d.model, firmware: d.firmware }),
      ),
    );
  }

  now(): number {
    return this.#options.now();
  }

  records(deviceId: string): DeviceRecords {
    return this.#get(deviceId).recorder;
  }

  /** How many records of each device were dropped at the cap (a report may say so). */
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

  async notifyOnItsOwn(deviceId: string): Promise<readonly SentMessage[]> {
    const { device, recorder } = this.#get(deviceId);
    const before = recorder.sent.length;
    device.notifyOnItsOwn();
    return recorder.sent.slice(before).filter((s) => s.kind === 'notification');
  }

  #get(deviceId: string): { device: RunningDevice; recorder: DeviceRecorder } {
    const entry = this.#byId.get(deviceId);
    if (!entry)
      throw new FleetcertError(
        'FLEETCERT_FLEET_UNKNOWN_DEVICE',
        `no device ${JSON.stringify(deviceId)} in the fleet`,
      );
    return entry;
  }
}
