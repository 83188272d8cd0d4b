/**
 * The default device pool: each device is the simulators' generic engine behind the fleet's
 * MQTT device link (client id, will, retained presence and model, replies, reconnect with
 * backoff: PROTOCOL.md section 5), so load devices behave exactly like `fleetcert simulate`
 * devices. Unlike a fleet's own ramp, every device connects and disconnects when the load
 * plan says, behaviours are off (telemetry values carry sequence numbers), and every reply
 * is observed on its way out.
 */

import { realClock } from '../../../simulators/clock/real-clock.js';
import { TimerWheel } from '../../../simulators/clock/timer-wheel.js';
import { createDeviceEngine } from '../../../simulators/engine/index.js';
import type { DeviceEngine, DeviceOutput, FrameOptions } from '../../../simulators/engine/types.js';
import { FleetDeviceState } from '../../../simulators/fleet/fleet-device.js';
import type { DeviceLink, LinkContext, LinkHost } from '../../../simulators/fleet/links.js';
import { openMqttLink } from '../../../simulators/fleet/mqtt-link.js';
import type { Notification } from '../../protocol/types.js';
import { createRandom } from '../../random.js';
import type { CreatePool, DevicePool, PoolDeviceSpec, PoolHooks, PoolOptions } from './pool.js';

/** Graceful stops under way at once at the end of a run. */
const STOP_BATCH = 1000;
const NO_BEHAVIOUR = { step: () => [], react: () => [] };

/** Delegates to the engine and reports each reply to the runner before the link sends it. */
class ObservedEngine implements DeviceEngine {
  constructor(
    private readonly inner: DeviceEngine,
    private readonly slot: number,
    private readonly hooks: PoolHooks,
  ) {}
  get deviceId() {
    return this.inner.deviceId;
  }
  get model() {
    return this.inner.model;
  }
  get firmware() {
    return this.inner.firmware;
  }
  get faults() {
    return this.inner.faults;
  }
  handleFrame(frame: Uint8Array | string, channel?: string, options?: FrameOptions): DeviceOutput {
    const output = this.inner.handleFrame(frame, channel, options);
    if (output.reply) this.hooks.replied(this.slot, output.reply);
    return output;
  }
  read(siid: number, piid: number) {
    return this.inner.read(siid, piid);
  }
  changeByItself(siid: number, piid: number, value: boolean | number | string) {
    return this.inner.changeByItself(siid, piid, value);
  }
  emitEvent(siid: number, eiid: number) {
    return this.inner.emitEvent(siid, eiid);
  }
  resetState() {
    this.inner.resetState();
  }
  snapshot() {
    return this.inner.snapshot();
  }
}

class FleetPool implements DevicePool, LinkHost {
  readonly #devices: FleetDeviceState[];
  readonly #links: (DeviceLink | undefined)[];
  readonly #context: LinkContext;
  readonly #wheel: TimerWheel;
  readonly #hooks: PoolHooks;

  constructor(specs: readonly PoolDeviceSpec[], options: PoolOptions) {
    const clock = realClock();
    this.#hooks = options.hooks;
    this.#wheel = new TimerWheel(clock, { tickMs: 50 });
    this.#devices = specs.map((spec, slot) => {
      const engine = createDeviceEngine({ deviceId: spec.id, model: spec.model, clock, seed: options.seed });
      return new FleetDeviceState(
        spec.id,
        spec.type,
        slot,
        'mqtt',
        new ObservedEngine(engine, slot, options.hooks),
        NO_BEHAVIOUR,
        spec.token,
      );
    });
    this.#links = new Array(specs.length).fill(undefined);
    this.#context = {
      host: this,
      clock,
      wheel: this.#wheel,
      broker: options.broker,
      connectOptions: options.tls
        ? { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized }
        : {},
      keepaliveSeconds: 60,
      keepaliveTimer: this.#wheel.intervalTimer(),
      random: createRandom(options.seed),
      wsHost: '127.0.0.1',
      wsPort: () => 0,
    };
  }

  connect(slot: number): void {
    const device = this.#devices[slot] as FleetDeviceState;
    if (this.#links[slot]) return;
    this.#links[slot] = openMqttLink(device, undefined, this.#context, () => {});
  }

  async disconnect(slot: number): Promise<void> {
    const link = this.#links[slot];
    this.#links[slot] = undefined;
    await link?.stop();
  }

  changeByItself(
    slot: number,
    siid: number,
    piid: number,
    value: boolean | number | string,
  ): Notification | undefined {
    return (this.#devices[slot] as FleetDeviceState).engine.changeByItself(siid, piid, value);
  }

  notify(slot: number, notifications: readonly Notification[]): void {
    this.#links[slot]?.notify(notifications);
  }

  async stop(): Promise<void> {
    const slots = this.#links.flatMap((link, slot) => (link ? [slot] : []));
    for (let i = 0; i < slots.length; i += STOP_BATCH) {
      await Promise.allSettled(slots.slice(i, i + STOP_BATCH).map((slot) => this.disconnect(slot)));
    }
    this.#wheel.stop();
  }

  // LinkHost: the fleet link reports through these, with the device (whose index is our slot).
  up(device: FleetDeviceState): void {
    this.#hooks.up(device.index);
  }
  down(device: FleetDeviceState): void {
    this.#hooks.down(device.index);
  }
  error(device: FleetDeviceState, error: Error): void {
    this.#hooks.error(device.index, error);
  }
  served(): readonly Notification[] {
    return [];
  }
}

export const createFleetPool: CreatePool = (devices, options) => new FleetPool(devices, options);
