/**
 * The hub judge's fleet port (conformance/suites/hub/fleet-port.ts) over recorded simulated
 * devices (simulators' `runDevice` with `record`): the devices' own records are the judge of
 * EDP-HUB-1..5, and the controls switch devices off, back, silent or slow. One clock times
 * every record and `now()`, so the judge can compare a device's record with what an app saw.
 *
 * A device's controls take turns, in the order issued, whoever issues them: a control may come
 * while another is still under way (fast-check abandons a session at its time limit and the
 * next session's reset starts while the abandoned one still drives the fleet; issue 18), and
 * the reset between sessions brings back every device after whatever was issued before it.
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
  /** How long one control may take before FleetControlStuckError. Default FLEET_CONTROL_LIMIT_MS. */
  readonly controlLimitMs?: number;
}

const DEFAULT_LEAVE_PAUSE_MS = 200;
/**
 * How long a fleet control (a device going offline, coming back, the reset between sessions) may
 * take before the run is told which device is stuck. Far above what a device needs (EDP-MQTT-2's
 * first reconnect within 5 s) also on a starved machine; without it, one device that never came
 * back held a certification until the whole run's deadline, its verdicts lost (issue 18, bench:judge).
 */
export const FLEET_CONTROL_LIMIT_MS = 60_000;

/** A fleet control that did not finish in time: the run stops with the device and control named. */
export class FleetControlStuckError extends FleetcertError {
  constructor(deviceId: string, control: string, limitMs: number) {
    super(
      'FLEETCERT_FLEET_STUCK',
      `simulated device ${deviceId} did not finish "${control}" within ${limitMs / 1000} s; the machine may be overloaded (fewer certifications at once), or the device's link to the broker is broken (see the run's log)`,
    );
  }
}

interface Entry {
  readonly device: RunningDevice;
  readonly recorder: DeviceRecorder;
  /** Settles when the device's last issued control is over; the next control starts then. */
  turn: Promise<void>;
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

  goOffline(deviceId: string, how: 'graceful' | 'abrupt'): Promise<void> {
    return this.#inTurn(deviceId, `go offline (${how})`, async (device) => {
      await device.goOffline(how);
      // In the same turn: a comeBack waits until the broker has published the will.
      if (how === 'abrupt' && device.transport === 'mqtt') {
        await (this.#options.brokerSawLeave?.(deviceId) ??
          new Promise((resolve) => setTimeout(resolve, DEFAULT_LEAVE_PAUSE_MS)));
      }
    });
  }

  comeBack(deviceId: string): Promise<void> {
    return this.#inTurn(deviceId, 'come back online', (device) => device.comeBack());
  }

  setResponsiveness(deviceId: string, responsiveness: Responsiveness): void {
    this.#get(deviceId).recorder.setResponsiveness(responsiveness);
  }

  /** Every device online, answering normally, its properties at their initial values (FleetPort.reset). */
  async reset(): Promise<void> {
    await Promise.all(
      [...this.#byId.values()].map(async ({ device, recorder }) => {
        recorder.setResponsiveness({ kind: 'normal' });
        // Every device, online or not: one still online may be leaving by a control under way.
        await this.#inTurn(device.deviceId, 'come back online (reset)', (d) => d.comeBack());
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

  /** `work` on the device once its previous control is over, bounded from then on. */
  #inTurn<T>(deviceId: string, control: string, work: (device: RunningDevice) => Promise<T>): Promise<T> {
    const entry = this.#get(deviceId);
    const run = entry.turn.then(() => this.#bounded(deviceId, control, work(entry.device)));
    const over = () => undefined;
    entry.turn = run.then(over, over);
    return run;
  }

  /** `work`, or FleetControlStuckError once the control has taken FLEET_CONTROL_LIMIT_MS. */
  async #bounded<T>(deviceId: string, control: string, work: Promise<T>): Promise<T> {
    const limitMs = this.#options.controlLimitMs ?? FLEET_CONTROL_LIMIT_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new FleetControlStuckError(deviceId, control, limitMs)), limitMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  #add(device: RunningDevice): FleetDevice {
    if (!device.recorder)
      throw new FleetcertError(
        'FLEETCERT_FLEET_UNRECORDED',
        `device ${device.deviceId} runs without records`,
      );
    this.#byId.set(device.deviceId, { device, recorder: device.recorder, turn: Promise.resolve() });
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
