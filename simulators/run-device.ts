/**
 * "Run this device": the one public face of simulators/ for a single simulated device. A model,
 * an id, a token and a transport (an MQTT broker URL, or a WebSocket port to listen on), a seed,
 * planted faults and a behaviour give a running device with `stop()`. Everything that runs one
 * device calls this (`fleetcert simulate`, `npm start`, certification runs, tests), so the
 * wiring of engine, behaviour, faults and binding lives here once. A recorded device
 * (`record`) also keeps what it received and sent and can be steered: off gracefully or
 * abruptly, back, silent, slow, notifying on its own. A device that is not recorded pays nothing.
 */

import { createRandom, type Random } from '../src/index.js';
import type { Logger } from '../src/log/index.js';
import type { DeviceModel } from '../src/model/index.js';
import type { Notification } from '../src/protocol/index.js';
import type { MqttClientOptions } from '../src/transport/mqtt/index.js';
import { animate, runTelemetry } from './behaviours/animated-engine.js';
import type { BackoffOptions } from './bindings/mqtt/backoff.js';
import { MqttDeviceBinding } from './bindings/mqtt/binding.js';
import {
  type DeviceTlsOptions,
  deviceTlsStream,
  deviceWssStream,
  TLS_FAULT_NAMES,
  type TlsFaultName,
} from './bindings/mqtt/device-tls.js';
import { startWsDevice, type WsDevice } from './bindings/ws/ws-device.js';
import { realClock } from './clock/real-clock.js';
import type { SimClock, TimerRef } from './clock/types.js';
import { createDeviceEngine } from './engine/engine.js';
import type { DeviceEngine } from './engine/types.js';
import { bindingFaults } from './faults/binding/binding-faults.js';
import type { FaultPlan } from './faults/types.js';
import { deviceSeed } from './fleet/device-seed.js';
import { DeviceRecorder, type RecordingOptions } from './recording/device-recorder.js';
import { ownNotification } from './recording/own-notification.js';

export type DeviceTransport =
  | {
      readonly kind: 'mqtt';
      /** `mqtt://`, `mqtts://`, `ws://` or `wss://` URL of the broker. */
      readonly url: string;
      /** 1..60 s (section 5). Default 30. */
      readonly keepaliveSeconds?: number;
      /** TLS and other MQTT.js options. */
      readonly clientOptions?: MqttClientOptions;
      /** `mqtts://`: the device's own TLS client, with its trust anchor (section 9; TLS faults apply). */
      readonly tls?: DeviceTlsOptions;
      /** Reconnect backoff (EDP-MQTT-2). Default first try within 1 s, then up to 30 s. */
      readonly backoff?: BackoffOptions;
    }
  | {
      readonly kind: 'ws';
      /** Default 127.0.0.1. */
      readonly host?: string;
      /** Default 0: a free port. */
      readonly port?: number;
    };

export interface RunDeviceOptions {
  readonly model: DeviceModel;
  readonly deviceId: string;
  /** MQTT: the device's password (none sent when absent). WebSocket: the bearer token controllers present. */
  readonly token?: string;
  readonly transport: DeviceTransport;
  /** Every random choice of the device (faults, behaviour, reconnect jitter) flows from it. Default 1. */
  readonly seed?: number;
  /** Property (1, 4) and presence `fw`. Default 1.0.0. */
  readonly firmware?: string;
  /** Planted faults (docs/faults.md). Default none. */
  readonly faults?: FaultPlan;
  /**
   * The behaviour's telemetry (volatile readings, simulators/behaviours): real time between
   * steps. `false`: the model's engine alone, no behaviour. Default 1000 ms.
   */
  readonly telemetryPeriodMs?: number | false;
  /** Keep records and accept controls (simulators/recording); `true` for the default caps. */
  readonly record?: boolean | Omit<RecordingOptions, 'clock'>;
  /** MQTT: resolve once online (default), or at once while it connects in the background. */
  readonly waitOnline?: boolean;
  readonly clock?: SimClock;
  readonly logger?: Logger;
}

export interface RunningDevice {
  readonly deviceId: string;
  readonly model: DeviceModel;
  readonly firmware: string;
  readonly transport: 'mqtt' | 'ws';
  readonly engine: DeviceEngine;
  /** WebSocket: `ws://HOST:PORT/edp/1`. */
  readonly url: string | undefined;
  /** MQTT: presence online; WebSocket: listening. */
  readonly online: boolean;
  /** MQTT: the binding (its `online`/`offline` events). */
  readonly binding: MqttDeviceBinding | undefined;
  /** With `record`: what the device received and sent, and how it answers. */
  readonly recorder: DeviceRecorder | undefined;
  /** Resolves once an MQTT device first came online (rejects when its login was refused). */
  readonly started: Promise<void>;
  /** Send notifications the device made by itself; dropped while offline. */
  notify(notifications: readonly Notification[]): void;
  /**
   * A change of one of its notify properties, or one of its events, drawn from the device's
   * seed, and sent (when online). Returns what it produced; empty when the model has nothing
   * the device can notify.
   */
  notifyOnItsOwn(): readonly Notification[];
  goOffline(how: 'graceful' | 'abrupt'): Promise<void>;
  comeBack(): Promise<void>;
  /** Graceful and final (MQTT: offline presence, DISCONNECT; WebSocket: close and stop listening). */
  stop(): Promise<void>;
}

/** An MQTT device's stop gives up waiting for the broker after this long (its connection is closed anyway). */
const STOP_WAIT_MS = 3_000;

export async function runDevice(options: RunDeviceOptions): Promise<RunningDevice> {
  const seed = options.seed ?? 1;
  const { deviceId } = options;
  const clock = options.clock ?? realClock();
  const plan = options.faults ?? [];
  const bare = createDeviceEngine({
    deviceId,
    model: options.model,
    clock,
    seed,
    faults: plan,
    ...(options.firmware === undefined ? {} : { firmware: options.firmware }),
  });
  const period = options.telemetryPeriodMs ?? 1_000;
  const animated =
    period === false ? undefined : animate(bare, createRandom(deviceSeed(seed, deviceId, 'behaviour')));
  const engine: DeviceEngine = animated ?? bare;
  const faults = bindingFaults({ plan, random: createRandom(deviceSeed(seed, deviceId, 'binding')), clock });
  const recorder =
    options.record === undefined || options.record === false
      ? undefined
      : new DeviceRecorder({ clock, ...(options.record === true ? {} : options.record) });
  const link =
    options.transport.kind === 'mqtt'
      ? mqttLink(options, options.transport, engine, seed, clock, faults, recorder)
      : await wsLink(options, options.transport, engine, faults, recorder);
  const telemetry: TimerRef | undefined =
    animated && period !== false
      ? runTelemetry(animated.behaviour, {
          clock: realClock({ unref: true }),
          periodMs: period,
          notify: (n) => link.notify(n),
        })
      : undefined;
  const own = createRandom(deviceSeed(seed, deviceId, 'own-notification'));
  if (options.waitOnline !== false)
    await link.started.catch((error: unknown) => {
      telemetry?.cancel();
      throw error;
    });
  return new Device(options, engine, link, recorder, telemetry, own);
}

/** What the device face needs of either binding. */
interface Link {
  readonly transport: 'mqtt' | 'ws';
  readonly url: string | undefined;
  readonly online: boolean;
  readonly binding: MqttDeviceBinding | undefined;
  readonly started: Promise<void>;
  notify(notifications: readonly Notification[]): void;
  goOffline(how: 'graceful' | 'abrupt'): Promise<void>;
  comeBack(): Promise<void>;
  stop(): Promise<void>;
}

function mqttLink(
  options: RunDeviceOptions,
  transport: Extract<DeviceTransport, { kind: 'mqtt' }>,
  engine: DeviceEngine,
  seed: number,
  clock: SimClock,
  faults: ReturnType<typeof bindingFaults>,
  tap: DeviceRecorder | undefined,
): Link {
  const binding = new MqttDeviceBinding({
    engine,
    url: transport.url,
    ...(options.token === undefined ? {} : { token: options.token }),
    seed: deviceSeed(seed, options.deviceId, 'reconnect'),
    clock,
    ...(transport.keepaliveSeconds === undefined ? {} : { keepaliveSeconds: transport.keepaliveSeconds }),
    ...(transport.clientOptions === undefined && transport.tls === undefined
      ? {}
      : { clientOptions: withDeviceTls(options, transport) }),
    ...(transport.backoff === undefined ? {} : { backoff: transport.backoff }),
    ...(faults ? { faults } : {}),
    ...(tap ? { tap } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const started = binding.start();
  // Whoever does not wait still must not see an unhandled rejection; a waiting caller gets it from `started`.
  started.catch((error: unknown) =>
    options.logger?.warn(
      { deviceId: options.deviceId, err: (error as Error).message },
      `device ${options.deviceId} did not come online: ${(error as Error).message}`,
    ),
  );
  return {
    transport: 'mqtt',
    url: undefined,
    get online() {
      return binding.online;
    },
    binding,
    started,
    notify: (n) => binding.notify(n),
    goOffline: (how) => binding.goOffline(how),
    comeBack: () => binding.comeBack(),
    async stop() {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        binding.stop(),
        new Promise((resolve) => {
          timer = setTimeout(resolve, STOP_WAIT_MS);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

async function wsLink(
  options: RunDeviceOptions,
  transport: Extract<DeviceTransport, { kind: 'ws' }>,
  engine: DeviceEngine,
  faults: ReturnType<typeof bindingFaults>,
  tap: DeviceRecorder | undefined,
): Promise<Link> {
  const device: WsDevice = await startWsDevice({
    engine,
    token: options.token ?? '',
    ...(transport.host === undefined ? {} : { host: transport.host }),
    ...(transport.port === undefined ? {} : { port: transport.port }),
    ...(faults ? { faults } : {}),
    ...(tap ? { tap } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    transport: 'ws',
    url: device.url,
    get online() {
      return device.listening;
    },
    binding: undefined,
    started: Promise.resolve(),
    notify: (n) => device.notify(n),
    goOffline: (how) => device.goOffline(how),
    comeBack: () => device.comeBack(),
    stop: () => device.close(),
  };
}

class Device implements RunningDevice {
  readonly deviceId: string;
  readonly model: DeviceModel;
  readonly engine: DeviceEngine;
  readonly recorder: DeviceRecorder | undefined;
  readonly #link: Link;
  readonly #telemetry: TimerRef | undefined;
  readonly #own: Random;
  #stopped: Promise<void> | undefined;

  constructor(
    options: RunDeviceOptions,
    engine: DeviceEngine,
    link: Link,
    recorder: DeviceRecorder | undefined,
    telemetry: TimerRef | undefined,
    own: Random,
  ) {
    this.deviceId = options.deviceId;
    this.model = options.model;
    this.engine = engine;
    this.recorder = recorder;
    this.#link = link;
    this.#telemetry = telemetry;
    this.#own = own;
  }

  get firmware(): string {
    return this.engine.firmware;
  }
  get transport(): 'mqtt' | 'ws' {
    return this.#link.transport;
  }
  get url(): string | undefined {
    return this.#link.url;
  }
  get online(): boolean {
    return this.#link.online;
  }
  get binding(): MqttDeviceBinding | undefined {
    return this.#link.binding;
  }
  get started(): Promise<void> {
    return this.#link.started;
  }

  notify(notifications: readonly Notification[]): void {
    if (notifications.length > 0) this.#link.notify(notifications);
  }

  notifyOnItsOwn(): readonly Notification[] {
    const notification = ownNotification(this.engine, this.#own);
    if (notification === undefined) return [];
    this.#link.notify([notification]);
    return [notification];
  }

  goOffline(how: 'graceful' | 'abrupt'): Promise<void> {
    return this.#link.goOffline(how);
  }

  comeBack(): Promise<void> {
    return this.#link.comeBack();
  }

  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#telemetry?.cancel();
      this.recorder?.close();
      await this.#link.stop();
    })();
    return this.#stopped;
  }
}

/** `mqtts://` (or `wss://`) with `tls`: the device's own TLS checks, relaxed by the TLS faults of its plan. */
function withDeviceTls(
  options: RunDeviceOptions,
  transport: Extract<DeviceTransport, { kind: 'mqtt' }>,
): MqttClientOptions {
  if (transport.tls === undefined) return transport.clientOptions ?? {};
  const url = new URL(transport.url);
  const faults = new Set(
    (options.faults ?? [])
      .filter((f) => f.rate > 0 && (TLS_FAULT_NAMES as readonly string[]).includes(f.name))
      .map((f) => f.name as TlsFaultName),
  );
  const login = {
    clientId: options.deviceId,
    ...(options.token === undefined ? {} : { password: options.token }),
  };
  return {
    ...transport.clientOptions,
    connectStream:
      url.protocol === 'wss:'
        ? deviceWssStream(transport.url, transport.tls, login, faults)
        : deviceTlsStream(
            {
              host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
              port: url.port === '' ? 8883 : Number(url.port),
            },
            transport.tls,
            login,
            faults,
          ),
  };
}
