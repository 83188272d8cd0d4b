/**
 * `startFleet`: thousands of simulated devices in one process. Every device has its own
 * engine (state) and behaviour; models, indexes and encoded strings are shared per group;
 * connections start through one ramp; telemetry and MQTT keepalives run on one timer wheel.
 */
import { EventEmitter } from 'node:events';
import { createRandom } from '../../src/index.js';
import { silentLogger } from '../../src/log/index.js';
import { DEFAULT_MQTT_CONNECTION, tlsOptionsFor } from '../../src/transport/mqtt/index.js';
import { AnimatedEngine, type FrameCounter } from '../behaviours/animated-engine.js';
import { defaultBehaviours } from '../behaviours/registry.js';
import { realClock } from '../clock/real-clock.js';
import { TimerWheel } from '../clock/timer-wheel.js';
import { createDeviceEngine } from '../engine/index.js';
import { bindingFaults } from '../faults/binding/binding-faults.js';
import { checkFleetOptions } from './check-options.js';
import { fleetDeviceId, indexWidth } from './device-ids.js';
import { deviceSeed } from './device-seed.js';
import { FleetDeviceState } from './fleet-device.js';
import { FleetError } from './fleet-error.js';
import { devicePlan } from './fleet-faults.js';
import type { LinkContext, LinkHost, OpenLink } from './links.js';
import { openMqttLink } from './mqtt-link.js';
import { Ramp } from './ramp.js';
import { tokenFor } from './tokens.js';
import type {
  Fleet,
  FleetCounts,
  FleetEvents,
  FleetOptions,
  FleetSummary,
  Transport,
  UnstartedFleet,
} from './types.js';
import { openWsLink } from './ws-link.js';

const OPENERS: Readonly<Record<Transport, OpenLink>> = { mqtt: openMqttLink, ws: openWsLink };
/** Graceful stops under way at once: enough to be quick, few enough not to flood the broker. */
const STOP_CONCURRENCY = 1_000;
/** Device errors logged one by one before the fleet only counts them. */
const LOGGED_ERRORS = 10;

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const fleet = new RunningFleet(options);
  fleet.start();
  return fleet;
}

/**
 * Builds every device (engine, behaviour, token) without connecting any; `start()` begins the
 * ramp. Lets a benchmark time the connects apart from building the fleet.
 */
export function createFleet(options: FleetOptions): UnstartedFleet {
  return new RunningFleet(options);
}

class RunningFleet implements UnstartedFleet, LinkHost {
  readonly events = new EventEmitter<FleetEvents>();
  readonly target: number;
  readonly #options: FleetOptions;
  readonly #clock;
  readonly #logger;
  readonly #wheel: TimerWheel;
  readonly #byId = new Map<string, FleetDeviceState>();
  readonly #order: FleetDeviceState[];
  readonly #ramp: Ramp;
  readonly #context: LinkContext;
  /** When the ramp started (the first connect): connect times count from here. */
  #startedAt: number;
  #counts = {
    connected: 0,
    connecting: 0,
    everConnected: 0,
    disconnects: 0,
    reconnects: 0,
    errors: 0,
    telemetrySteps: 0,
    telemetryNotifications: 0,
  };
  readonly #frames: FrameCounter = { frames: 0 };
  #allConnectedMs: number | undefined;
  #stopping: Promise<FleetSummary> | undefined;
  #nextWsPort: number;

  constructor(options: FleetOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock();
    this.#logger = (options.logger ?? silentLogger()).child({ component: 'fleet' });
    this.#wheel = new TimerWheel(this.#clock, { tickMs: 50 });
    this.#startedAt = this.#clock.now();
    this.#nextWsPort = options.wsFirstPort ?? 0;
    checkFleetOptions(options);
    this.#order = this.#createDevices();
    const brokers = typeof options.broker === 'string' ? [options.broker] : (options.broker ?? []);
    this.target = this.#order.length;
    this.#context = {
      host: this,
      clock: this.#clock,
      wheel: this.#wheel,
      brokerFor: (device) => brokers[device.position % brokers.length]!,
      tlsFor: tlsOptionsFor(options.brokerTls),
      mqtt: options.mqtt ?? DEFAULT_MQTT_CONNECTION,
      keepaliveSeconds: options.keepaliveSeconds ?? 60,
      keepaliveTimer: this.#wheel.intervalTimer(),
      seed: options.seed ?? 1,
      wsHost: options.wsHost ?? '127.0.0.1',
      wsPort: () => (this.#nextWsPort === 0 ? 0 : this.#nextWsPort++),
    };
    this.#ramp = new Ramp(this.#clock, this.#order.length, (i, done) => this.#open(i, done), {
      perSecond: options.rampPerSecond,
      maxInFlight: options.maxConnecting ?? 256,
    });
  }

  start(): void {
    this.#startedAt = this.#clock.now();
    this.#scheduleTelemetry();
    void this.#ramp.run();
  }

  counts(): FleetCounts {
    return { target: this.target, ...this.#counts, framesServed: this.#frames.frames };
  }

  device(id: string): FleetDeviceState | undefined {
    return this.#byId.get(id);
  }

  devices(): IterableIterator<FleetDeviceState> {
    return this.#byId.values();
  }

  ready(timeoutMs?: number): Promise<void> {
    if (this.#allConnectedMs !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.events.off('ready', onReady);
              const c = this.#counts;
              reject(
                new FleetError(
                  `fleet not ready after ${timeoutMs} ms: ${c.everConnected}/${this.target} devices connected, ${c.errors} errors. Check the broker URL and tokens.`,
                ),
              );
            }, timeoutMs);
      const onReady = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.events.once('ready', onReady);
    });
  }

  stop(): Promise<FleetSummary> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  // LinkHost: what links report, for every device through this one object.

  up(device: FleetDeviceState): void {
    if (device.connected) return;
    device.connected = true;
    this.#counts.connected++;
    if (device.everConnected) {
      this.#counts.reconnects++;
    } else {
      device.everConnected = true;
      this.#counts.everConnected++;
      if (this.#counts.everConnected === this.target) {
        this.#allConnectedMs = this.#clock.now() - this.#startedAt;
        this.#logger.info(
          { devices: this.target, ms: Math.round(this.#allConnectedMs) },
          'every device connected',
        );
        this.events.emit('ready');
      }
    }
    this.events.emit('connected', device);
  }

  down(device: FleetDeviceState): void {
    if (!device.connected) return;
    device.connected = false;
    this.#counts.connected--;
    this.#counts.disconnects++;
    this.events.emit('disconnected', device);
  }

  error(device: FleetDeviceState, error: Error): void {
    this.#counts.errors++;
    if (this.#counts.errors <= LOGGED_ERRORS) {
      this.#logger.warn({ deviceId: device.id, err: error.message }, 'device link error');
      if (this.#counts.errors === LOGGED_ERRORS) this.#logger.warn('further device errors are only counted');
    }
    this.events.emit('device-error', device, error);
  }

  #createDevices(): FleetDeviceState[] {
    const { groups, idPrefix = '', seed = 1, faults = [], firmware, tokens } = this.#options;
    const registry = this.#options.behaviours ?? defaultBehaviours;
    const keyed: { key: number; device: FleetDeviceState }[] = [];
    for (const group of groups) {
      const first = group.firstIndex ?? 1;
      const width = group.indexWidth ?? indexWidth(first + group.count - 1);
      const transport = group.transport ?? 'mqtt';
      for (let i = 0; i < group.count; i++) {
        const index = first + i;
        const id = group.ids?.[i] ?? fleetDeviceId(idPrefix, group.name, index, width);
        if (this.#byId.has(id))
          throw new FleetError(`device id ${id} would be used twice; give each group its own name.`);
        const plan = devicePlan(faults, seed, id);
        const engine = createDeviceEngine({
          deviceId: id,
          model: group.model,
          clock: this.#clock,
          firmware,
          faults: plan,
          seed,
        });
        const behaviour = registry.create(engine, createRandom(deviceSeed(seed, id, 'behaviour')));
        const animated = new AnimatedEngine(engine, behaviour, this.#frames);
        const token = tokenFor(tokens, { id, type: group.name, index });
        const device = new FleetDeviceState(id, group.name, index, transport, animated, token);
        this.#byId.set(id, device);
        // Interleave the groups, so every stretch of the ramp connects the fleet's mix.
        keyed.push({ key: (i + 0.5) / group.count, device });
      }
    }
    keyed.sort((a, b) => a.key - b.key);
    return keyed.map((k, position) => {
      k.device.position = position;
      return k.device;
    });
  }

  #open(position: number, done: () => void): void {
    const device = this.#order[position]!;
    const seed = this.#options.seed ?? 1;
    // Most fleets plant nothing: no seed hashed, no generator made for those devices.
    const plan = device.engine.faults;
    const faults =
      plan.length === 0
        ? undefined
        : bindingFaults({
            plan,
            random: createRandom(deviceSeed(seed, device.id, 'binding')),
            clock: this.#clock,
            replyLatencyMs: this.#options.replyLatencyMs,
          });
    this.#counts.connecting++;
    device.link = OPENERS[device.transport](device, faults, this.#context, () => {
      this.#counts.connecting--;
      done();
    });
  }

  #scheduleTelemetry(): void {
    const telemetry = this.#options.telemetry;
    if (!telemetry) return;
    const intervalMs = 1000 / telemetry.perDeviceHz;
    const seed = this.#options.seed ?? 1;
    for (const device of this.#order) {
      const phase = (deviceSeed(seed, device.id, 'telemetry') / 0x1_0000_0000) * intervalMs;
      device.telemetry = this.#wheel.add(phase, this.#telemetryTick, device, intervalMs);
    }
  }

  /** One telemetry step of one device: a fixed slice of simulated time, so values replay from the seed. */
  readonly #telemetryTick = (device: FleetDeviceState): void => {
    const telemetry = this.#options.telemetry!;
    const notifications = device.behaviour.step((1000 / telemetry.perDeviceHz) * (telemetry.timeScale ?? 1));
    this.#counts.telemetrySteps++;
    if (device.connected && notifications.length > 0) {
      this.#counts.telemetryNotifications += notifications.length;
      device.link?.notify(notifications);
    }
  };

  async #stop(): Promise<FleetSummary> {
    this.#ramp.stop();
    for (const device of this.#order) this.#wheel.cancel(device.telemetry);
    let graceful = 0;
    const links = this.#order.filter((d) => d.link);
    for (let i = 0; i < links.length; i += STOP_CONCURRENCY) {
      const batch = links.slice(i, i + STOP_CONCURRENCY);
      const results = await Promise.allSettled(batch.map((d) => d.link!.stop()));
      graceful += results.filter((r, j) => r.status === 'fulfilled' && batch[j]!.everConnected).length;
    }
    // Keepalives ran on the wheel until every link was down.
    this.#wheel.stop();
    const runMs = this.#clock.now() - this.#startedAt;
    const connectSpan = this.#allConnectedMs ?? runMs;
    const summary: FleetSummary = {
      ...this.counts(),
      allConnectedMs: this.#allConnectedMs,
      connectRate: connectSpan > 0 ? (this.#counts.everConnected * 1000) / connectSpan : 0,
      runMs,
      stoppedGracefully: graceful,
    };
    this.#logger.info({ ...summary }, 'fleet stopped');
    return summary;
  }
}
