/**
 * The default device pool: each device is the simulators' generic engine on the public MQTT
 * device binding (simulators/bindings/mqtt: client id, will, retained model and presence,
 * replies, reconnect with seeded backoff; PROTOCOL.md section 5), so load devices behave as
 * `fleetcert simulate` devices do. Unlike a fleet's own ramp, each device connects and leaves
 * when the load plan says, has no behaviour (telemetry values carry sequence numbers), and
 * every reply is reported to the runner on its way out.
 */
import { MqttDeviceBinding } from '../../simulators/bindings/mqtt/index.js';
import { realClock } from '../../simulators/clock/index.js';
import type { DeviceEngine, DeviceOutput, FrameOptions } from '../../simulators/engine/index.js';
import { createDeviceEngine, DelegatingEngine, encodeReply } from '../../simulators/engine/index.js';
import type { PropertyValue } from '../../src/model/index.js';
import {
  mqttClientOptions,
  type TlsOptionsFor,
  tlsClientOptions,
  tlsOptionsFor,
} from '../../src/transport/mqtt/index.js';
import type { CreatePool, DevicePool, PoolDeviceSpec, PoolHooks, PoolOptions } from './pool.js';

/** Graceful stops under way at once at the end of a run. */
const STOP_BATCH = 1000;

/** Delegates to the engine and reports each reply to the runner before the binding sends it. */
class ObservedEngine extends DelegatingEngine {
  constructor(
    inner: DeviceEngine,
    private readonly slot: number,
    private readonly hooks: PoolHooks,
  ) {
    super(inner);
  }
  override handleFrame(frame: Uint8Array | string, channel?: string, options?: FrameOptions): DeviceOutput {
    const output = this.inner.handleFrame(frame, channel, options);
    if (output.reply) this.hooks.replied(this.slot, output.reply.id, encodeReply(output.reply));
    return output;
  }
}

class SimulatedPool implements DevicePool {
  readonly #specs: readonly PoolDeviceSpec[];
  readonly #options: PoolOptions;
  /** Engines live for the whole run: a device keeps its state across sessions (EDP-MQTT-2). */
  readonly #engines: ObservedEngine[];
  readonly #bindings: (MqttDeviceBinding | undefined)[];
  readonly #tlsFor: TlsOptionsFor;

  constructor(specs: readonly PoolDeviceSpec[], options: PoolOptions) {
    const clock = realClock();
    this.#specs = specs;
    this.#options = options;
    this.#engines = specs.map(
      (spec, slot) =>
        new ObservedEngine(
          createDeviceEngine({ deviceId: spec.id, model: spec.model, clock, seed: options.seed }),
          slot,
          options.hooks,
        ),
    );
    this.#bindings = new Array(specs.length).fill(undefined);
    this.#tlsFor = tlsOptionsFor(options.tls);
  }

  connect(slot: number): void {
    if (this.#bindings[slot]) return;
    const { hooks, broker, seed, mqtt } = this.#options;
    const spec = this.#specs[slot] as PoolDeviceSpec;
    const binding = new MqttDeviceBinding({
      engine: this.#engines[slot] as ObservedEngine,
      url: broker,
      token: spec.token,
      seed: seed + slot,
      keepaliveSeconds: 60,
      connectTimeoutMs: 10_000,
      qos: { replies: mqtt.qos.replies, notifications: mqtt.qos.notifications },
      clientOptions: { ...mqttClientOptions(mqtt), ...tlsClientOptions(this.#tlsFor, spec.id) },
    });
    this.#bindings[slot] = binding;
    // 'online' fires for the first session and every reconnect; 'offline' when a connection is lost.
    binding.on('online', () => hooks.up(slot));
    binding.on('offline', () => hooks.down(slot));
    binding.start().catch((error: Error) => hooks.error(slot, error));
  }

  async disconnect(slot: number): Promise<void> {
    const binding = this.#bindings[slot];
    this.#bindings[slot] = undefined;
    if (!binding) return;
    await binding.stop();
    // A stop is not a lost connection: the binding says nothing, so the pool does.
    this.#options.hooks.down(slot);
  }

  publishByItself(slot: number, siid: number, piid: number, value: PropertyValue, intendedMs: number): void {
    const notification = (this.#engines[slot] as ObservedEngine).changeByItself(siid, piid, value);
    if (!notification) return;
    this.#options.hooks.published(slot, intendedMs);
    this.#bindings[slot]?.notify([notification], this.#options.mqtt.qos.telemetry);
  }

  async stop(): Promise<void> {
    const slots = this.#bindings.flatMap((binding, slot) => (binding ? [slot] : []));
    for (let i = 0; i < slots.length; i += STOP_BATCH) {
      await Promise.allSettled(slots.slice(i, i + STOP_BATCH).map((slot) => this.disconnect(slot)));
    }
  }
}

export const createSimulatedPool: CreatePool = (devices, options) => new SimulatedPool(devices, options);
