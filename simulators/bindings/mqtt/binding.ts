/**
 * A simulated device on a broker (PROTOCOL.md section 5): attaches a pure `DeviceEngine` to an
 * MQTT connection. Client id = username = device id, password = token, clean session,
 * keepalive <= 60 s, will `{ "online": false }` retained QoS 1 on `state`. After connecting it
 * publishes its retained model, subscribes to `rpc` (QoS 1), then publishes retained online
 * presence; replies go to `rpc/reply`, notifications to `events` (QoS 1). A lost connection is
 * retried with seeded, jittered backoff and the engine (its state) survives (EDP-MQTT-2);
 * `stop()` publishes offline presence before disconnecting (EDP-MQTT-1).
 */
import { EventEmitter } from 'node:events';
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import { createRandom, FleetcertError } from '../../../src/index.js';
import { type Logger, silentLogger } from '../../../src/log/index.js';
import { DEVICE_INFORMATION_PIIDS, DEVICE_INFORMATION_SIID } from '../../../src/model/index.js';
import type { Notification } from '../../../src/protocol/index.js';
import { encodeNotification } from '../../../src/protocol/index.js';
import {
  createMqttClient,
  type DeviceTopics,
  describeMqttError,
  deviceTopics,
  type MqttClientOptions,
  type Qos,
} from '../../../src/transport/mqtt/index.js';
import { realClock } from '../../clock/real-clock.js';
import type { SimClock, TimerRef } from '../../clock/types.js';
import { encodeReply } from '../../engine/encode-reply.js';
import type { DeviceEngine } from '../../engine/types.js';
import type { BindingFaults } from '../../faults/binding/binding-faults.js';
import type { BindingTap } from '../tap.js';
import { type Backoff, type BackoffOptions, createBackoff, RETRY_GAP_LIMIT_MS } from './backoff.js';
import { ComeBackWaiters, DeviceControlSupersededError } from './come-back-waiters.js';
import {
  modelPayload,
  OFFLINE_PAYLOAD,
  onlinePayload,
  publishQos,
  QOS1,
  RETAINED_QOS1,
  SUBSCRIBE_QOS1,
} from './payloads.js';

export interface MqttDeviceBindingOptions {
  readonly engine: DeviceEngine;
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://` URL of the broker. */
  readonly url: string;
  /** The device's token (its MQTT password); none is sent when absent (a broker in development mode). */
  readonly token?: string;
  /** Seeds the reconnect jitter. Default 0. */
  readonly seed?: number;
  /** MQTT keepalive, 1..60 s (section 5). Default 30. */
  readonly keepaliveSeconds?: number;
  /** Time allowed for CONNACK. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Binding-layer planted faults (docs/faults.md); absent for a conformant device. */
  readonly faults?: BindingFaults;
  /** Schedules reconnects. Default: the real clock. */
  readonly clock?: SimClock;
  readonly logger?: Logger;
  /** Extra MQTT.js options (TLS for mqtts/wss). */
  readonly clientOptions?: MqttClientOptions;
  /** Records the device and decides when frames are served (simulators/recording); absent: no cost. */
  readonly tap?: BindingTap;
  /**
   * QoS of responses and of notifications (section 5: 1 for both, the default); a load
   * scenario may lower either to measure a cloud at QoS 0.
   */
  readonly qos?: { readonly replies?: Qos; readonly notifications?: Qos };
}

export interface MqttDeviceBindingEvents {
  /** Online presence published: controllers may send requests. */
  online: [];
  /** The connection was lost (not by `stop()`); a reconnect follows. */
  offline: [];
}

/** The broker refused the device's credentials: retrying cannot help. */
export class DeviceLoginError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_DEVICE_LOGIN', message, { exitCode: 2, ...options });
  }
}

/** CONNACK codes a device cannot recover from by retrying (3.1.1: 2, 4, 5; 5.0: 0x85–0x87, 0x8C). */
const FATAL_CONNACK_CODES = new Set([2, 4, 5, 0x85, 0x86, 0x87, 0x8c]);
const CLEAN_DISCONNECT_PAUSE_MS = 1_000;
const OFFLINE_PUBLISH_TIMEOUT_MS = 2_000;
/** The duplicate window of EDP-RPC-5 is keyed on the id alone over MQTT: one channel. */
const MQTT_CHANNEL = 'mqtt';
/** One silent logger for every binding: a pino instance costs kilobytes, times a fleet. */
const SILENT = silentLogger();
/** The binding of each client: its event handlers are shared functions, not closures per device. */
const BINDINGS = new WeakMap<MqttClient, MqttDeviceBinding>();

export class MqttDeviceBinding extends EventEmitter<MqttDeviceBindingEvents> {
  readonly engine: DeviceEngine;
  readonly topics: DeviceTopics;
  readonly client: MqttClient;
  readonly #faults: BindingFaults | undefined;
  readonly #tap: BindingTap | undefined;
  readonly #replyQos: IClientPublishOptions;
  readonly #notifyQos: IClientPublishOptions;
  readonly #clock: SimClock;
  readonly #logger: Logger;
  /** Made at the first lost connection (most fleet devices never lose one); `#backoffOptions` checked up front. */
  #backoff: Backoff | undefined;
  readonly #backoffOptions: BackoffOptions | undefined;
  readonly #seed: number;
  #retry: TimerRef | undefined;
  #attemptStartedAt = 0;
  #sessions = 0;
  #online = false;
  /**
   * A connection attempt is in flight: CONNECT written, online presence not yet out. One at a
   * time: a second CONNECT under the same client id makes the broker take the first over, and
   * that connection's close then reads as the loss of the live one.
   */
  #connecting = false;
  #stopping = false;
  /** Off by `goOffline` until `comeBack`: a lost connection is not retried. */
  #suspended = false;
  /** `comeBack` calls waiting for online presence; a later `goOffline` or `stop()` settles them. */
  readonly #waiters = new ComeBackWaiters();
  /** A `goOffline` under way (offline presence, DISCONNECT or the cut): a `comeBack` starts after it. */
  #leaving: Promise<void> | undefined;
  #started: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(options: MqttDeviceBindingOptions) {
    super();
    const keepalive = options.keepaliveSeconds ?? 30;
    if (!(Number.isInteger(keepalive) && keepalive >= 1 && keepalive <= 60)) {
      throw new RangeError(`keepaliveSeconds must be an integer from 1 to 60 (section 5), got ${keepalive}`);
    }
    this.engine = options.engine;
    this.topics = deviceTopics(options.engine.deviceId);
    this.#faults = options.faults;
    this.#tap = options.tap;
    this.#replyQos = publishQos(options.qos?.replies);
    this.#notifyQos = publishQos(options.qos?.notifications);
    this.#clock = options.clock ?? realClock();
    this.#logger = options.logger ?? SILENT;
    this.#seed = options.seed ?? 0;
    this.#backoffOptions = options.backoff;
    // Bad backoff options are refused here, not at the first loss.
    if (options.backoff !== undefined)
      this.#backoff = createBackoff(createRandom(this.#seed), options.backoff);
    const deviceId = this.engine.deviceId;
    this.client = createMqttClient(options.url, {
      ...options.clientOptions,
      clientId: deviceId,
      username: deviceId,
      ...(options.token === undefined ? {} : { password: options.token }),
      clean: true,
      keepalive,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      // Reconnects are ours: seeded backoff with jitter (EDP-MQTT-2); resubscribing too, in order.
      reconnectPeriod: 0,
      resubscribe: false,
      manualConnect: true,
      // fault hook: no-will (EDP-MQTT-1)
      ...(this.#faults?.has('no-will')
        ? {}
        : { will: { topic: this.topics.state, payload: OFFLINE_PAYLOAD, qos: 1 as const, retain: true } }),
    });
    BINDINGS.set(this.client, this);
    this.client.on('connect', MqttDeviceBinding.#clientConnected);
    this.client.on('message', MqttDeviceBinding.#clientMessage);
    this.client.on('close', MqttDeviceBinding.#clientClosed);
    this.client.on('error', MqttDeviceBinding.#clientError);
  }

  // Client events, `this` = the client: one function each for every binding of the process.

  static #clientConnected(this: MqttClient): void {
    // biome-ignore lint/complexity/noThisInStatic: MQTT.js calls its listeners with `this` = the client.
    const binding = BINDINGS.get(this);
    if (binding !== undefined) binding.#onConnect();
  }

  static #clientMessage(this: MqttClient, topic: string, payload: Buffer): void {
    // biome-ignore lint/complexity/noThisInStatic: MQTT.js calls its listeners with `this` = the client.
    const binding = BINDINGS.get(this);
    if (binding === undefined || topic !== binding.topics.rpc) return;
    const tap = binding.#tap;
    if (tap === undefined) binding.#serve(payload);
    else tap.frameArrived(payload, () => binding.#serve(payload));
  }

  static #clientClosed(this: MqttClient): void {
    // biome-ignore lint/complexity/noThisInStatic: MQTT.js calls its listeners with `this` = the client.
    const binding = BINDINGS.get(this);
    if (binding !== undefined) binding.#onClose();
  }

  static #clientError(this: MqttClient, error: Error): void {
    // biome-ignore lint/complexity/noThisInStatic: MQTT.js calls its listeners with `this` = the client.
    const binding = BINDINGS.get(this);
    if (binding !== undefined) binding.#onError(error);
  }

  get online(): boolean {
    return this.#online;
  }

  /** Connects; resolves once online presence is out. Rejects only if the broker refuses the credentials. */
  start(): Promise<void> {
    if (this.#started !== undefined || this.#stopping) {
      return Promise.reject(new Error(`device ${this.engine.deviceId}: start() may be called once`));
    }
    return new Promise((resolve, reject) => {
      this.#started = { resolve, reject };
      this.#attemptStartedAt = this.#clock.now();
      this.#connecting = true;
      this.client.connect();
    });
  }

  /**
   * Sends notifications the device made by itself (a sensor reading, an alarm); dropped while
   * offline. `qos` overrides the binding's notification QoS (a load's telemetry class).
   */
  notify(notifications: readonly Notification[], qos?: Qos): void {
    if (!this.client.connected) return;
    const options = qos === undefined ? this.#notifyQos : publishQos(qos);
    for (const notification of notifications) {
      // fault hook: drop-notifications (EDP-NOTIFY-1)
      if (this.#faults !== undefined && !this.#faults.sendsNotification()) continue;
      const text = encodeNotification(notification);
      // fault hook: notification-latency
      if (this.#faults === undefined) {
        this.client.publish(this.topics.events, text, options);
        this.#tap?.sentNotification(notification, text);
      } else
        this.#faults.notification(() => {
          if (!this.client.connected) return;
          this.client.publish(this.topics.events, text, options);
          this.#tap?.sentNotification(notification, text);
        });
    }
  }

  /**
   * Leave the broker without stopping for good (a fleet's controls): `graceful` publishes
   * retained offline presence, then DISCONNECT (EDP-MQTT-1); `abrupt` cuts the socket without
   * DISCONNECT, so the broker publishes the will. No reconnect follows until `comeBack`.
   * The last control wins, whenever it comes: a `comeBack` still waiting is settled with
   * DeviceControlSupersededError (never left waiting for an 'online' that will not come), and
   * an attempt still waiting for its CONNACK is cut, so it cannot bring the device online later.
   */
  goOffline(how: 'graceful' | 'abrupt'): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    this.#suspended = true;
    this.#retry?.cancel();
    this.#retry = undefined;
    this.#waiters.rejectAll(new DeviceControlSupersededError(this.engine.deviceId));
    const leaving = this.#leave(how, this.#leaving);
    this.#leaving = leaving;
    const done = () => {
      if (this.#leaving === leaving) this.#leaving = undefined;
    };
    leaving.then(done, done);
    return leaving;
  }

  async #leave(how: 'graceful' | 'abrupt', previous: Promise<void> | undefined): Promise<void> {
    // One leave at a time: a second goOffline finishes after the first.
    await previous?.catch(() => undefined);
    if (this.client.connected && !this.client.disconnecting) {
      if (how === 'graceful') {
        const acknowledged = await this.#publishOffline();
        await this.client.endAsync(!acknowledged);
      } else {
        this.#tap?.presence(false, 'abrupt');
        await this.#cut();
      }
    } else if (this.#connecting) await this.#cut();
    this.#online = false;
  }

  /**
   * Back on the broker after `goOffline` (or a lost connection): resolves once online presence
   * is out again. Starts after a `goOffline` still under way; joins an attempt already in
   * flight; otherwise connects now, without waiting for a scheduled retry.
   */
  comeBack(): Promise<void> {
    if (this.#stopping) return Promise.reject(new Error(`device ${this.engine.deviceId} is stopped`));
    this.#suspended = false;
    const leaving = this.#leaving;
    if (this.#online && leaving === undefined) return Promise.resolve();
    const online = this.#waiters.add();
    if (leaving === undefined) this.#connectUnlessUnderWay();
    else {
      const after = () => this.#connectUnlessUnderWay();
      leaving.then(after, after);
    }
    return online;
  }

  /** Connects now, unless the device is online, off again, or a connection is already under way. */
  #connectUnlessUnderWay(): void {
    if (this.#stopping || this.#suspended || this.#online || this.#connecting) return;
    // Up but not announced: a connection being cut; its close schedules the retry.
    if (this.client.connected) return;
    this.#retry?.cancel();
    this.#reconnect();
  }

  /** Closes the socket without DISCONNECT (the broker publishes the will) and waits for its close. */
  #cut(): Promise<void> {
    const { stream } = this.client;
    if (stream.destroyed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.client.once('close', () => resolve()));
    stream.destroy();
    return closed;
  }

  /** Graceful shutdown (EDP-MQTT-1): retained offline presence, then DISCONNECT (so no will). */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#retry?.cancel();
    this.#faults?.cancelPending();
    const stopped = new Error(`device ${this.engine.deviceId} stopped before it came online`);
    this.#started?.reject(stopped);
    this.#waiters.rejectAll(stopped);
    // A DISCONNECT only after the broker acknowledged offline; otherwise (connection dying) just close:
    // MQTT.js would wait forever for the unacknowledged publish before sending DISCONNECT.
    const acknowledged = this.client.connected && (await this.#publishOffline());
    await this.client.endAsync(!acknowledged);
    this.#online = false;
  }

  #publishOffline(): Promise<boolean> {
    const { client } = this;
    return new Promise((resolve) => {
      const settle = (acknowledged: boolean) => {
        clearTimeout(timer);
        client.off('close', onClose);
        resolve(acknowledged);
      };
      const onClose = () => settle(false);
      const timer = setTimeout(onClose, OFFLINE_PUBLISH_TIMEOUT_MS);
      client.once('close', onClose);
      this.#tap?.presence(false, 'graceful');
      client.publish(this.topics.state, OFFLINE_PAYLOAD, RETAINED_QOS1, (error) => settle(!error));
    });
  }

  #onConnect(): void {
    this.#backoff?.reset();
    this.#sessions++;
    // A goOffline overtook this attempt: nothing may announce the device, and the connection goes.
    if (this.#stopping) return;
    if (this.#suspended) {
      this.client.stream.destroy();
      return;
    }
    const { client, engine, topics } = this;
    // fault hook: state-lost-on-reconnect (EDP-MQTT-2)
    if (this.#sessions > 1 && this.#faults?.losesStateOnReconnect()) engine.resetState();
    client.publish(topics.model, modelPayload(engine.model), RETAINED_QOS1);
    // fault hook: acl-violation (EDP-MQTT-3): a publish under another device's topics.
    if (this.#faults?.has('acl-violation')) {
      const other = engine.deviceId === 'other-device' ? 'other-device-2' : 'other-device';
      client.publish(`edp/1/${other}/events`, '{"method":"properties_changed","params":[]}', QOS1);
    }
    client.subscribe(topics.rpc, SUBSCRIBE_QOS1, (error) => {
      if (error) {
        this.#logger.error({ deviceId: engine.deviceId, err: error.message }, 'subscription to rpc failed');
        this.#retryDeadConnection();
        return;
      }
      this.#announce();
    });
  }

  /**
   * A connection up but never announced (its SUBSCRIBE or presence refused) would hold the device
   * offline with nothing left to retry: cut it, so the backoff tries again (EDP-MQTT-2).
   */
  #retryDeadConnection(): void {
    if (this.client.connected && !this.#online && !this.#suspended && !this.#stopping)
      this.client.stream.destroy();
  }

  #announce(): void {
    const { engine } = this;
    // A goOffline came while the SUBSCRIBE was out: its offline presence must stay the last word.
    if (this.#suspended || this.#stopping) return;
    // fault hook: no-presence (EDP-MQTT-1)
    if (this.#faults?.has('no-presence')) {
      this.#cameOnline();
      return;
    }
    // Presence model and fw are properties (1, 2) and (1, 4) as the device reports them (section 5).
    const modelId = String(
      engine.read(DEVICE_INFORMATION_SIID, DEVICE_INFORMATION_PIIDS.model) ?? engine.model.model,
    );
    const firmware = String(
      engine.read(DEVICE_INFORMATION_SIID, DEVICE_INFORMATION_PIIDS.firmwareRevision) ?? engine.firmware,
    );
    // fault hook: wrong-presence-model (EDP-MQTT-1)
    const announced = this.#faults?.has('wrong-presence-model') ? `${modelId}.other` : modelId;
    this.#tap?.presence(true, 'connect');
    this.client.publish(this.topics.state, onlinePayload(announced, firmware), RETAINED_QOS1, (error) => {
      if (!error) this.#cameOnline();
      else this.#retryDeadConnection();
    });
  }

  #cameOnline(): void {
    this.#connecting = false;
    // Presence acknowledged after a goOffline began: that control is taking the device off.
    if (this.#suspended || this.#stopping) return;
    this.#online = true;
    this.#logger.debug({ deviceId: this.engine.deviceId, session: this.#sessions }, 'device online');
    this.#started?.resolve();
    this.#started = undefined;
    this.emit('online');
    this.#waiters.resolveAll();
  }

  #serve(payload: Buffer): void {
    const { client, topics } = this;
    const output = this.engine.handleFrame(payload, MQTT_CHANNEL);
    if (output.reply !== undefined) {
      const text = encodeReply(output.reply);
      if (this.#faults === undefined && this.#tap === undefined)
        client.publish(topics.rpcReply, text, this.#replyQos);
      else if (this.#faults === undefined) this.#reply(text);
      else this.#faults.reply(text, (t) => this.#reply(t));
    }
    if (output.notifications.length > 0) this.notify(output.notifications);
    // fault hooks: disconnect-abrupt (EDP-MQTT-2), disconnect-clean (EDP-MQTT-1)
    const cut = this.#faults?.disconnectNow();
    if (cut === 'abrupt') {
      this.#tap?.presence(false, 'abrupt');
      client.stream.destroy();
    } else if (cut === 'clean') this.#disconnectCleanly();
  }

  #reply(text: string): void {
    if (!this.client.connected) return;
    this.client.publish(this.topics.rpcReply, text, this.#replyQos);
    this.#tap?.sentResponse(text);
  }

  #disconnectCleanly(): void {
    this.#tap?.presence(false, 'graceful');
    this.client.publish(this.topics.state, OFFLINE_PAYLOAD, RETAINED_QOS1, () => {
      this.client.end(false, {}, () => {
        if (!this.#stopping && !this.#suspended)
          this.#retry = this.#clock.schedule(CLEAN_DISCONNECT_PAUSE_MS, () => this.#reconnect());
      });
    });
  }

  #onClose(): void {
    const wasOnline = this.#online;
    this.#online = false;
    this.#connecting = false;
    // Lost without a word from the device: the broker publishes the will.
    this.#tap?.presence(false, 'abrupt');
    this.#faults?.cancelPending();
    // A clean session loses what was in flight. MQTT.js would keep those QoS 1 publishes for
    // ever, and a later graceful stop() (end without force) would wait for their acks and hang.
    for (const messageId of Object.keys(this.client.outgoing))
      this.client.removeOutgoingMessage(Number(messageId));
    if (wasOnline && !this.#stopping) {
      this.#logger.info({ deviceId: this.engine.deviceId }, 'connection lost');
      this.emit('offline');
    }
    if (this.#stopping || this.#suspended || this.client.disconnecting || this.#retry !== undefined) return;
    // EDP-MQTT-2: at most 30 s between the starts of two tries, whatever the connect timeout ate.
    const sinceAttempt = this.#clock.now() - this.#attemptStartedAt;
    this.#backoff ??= createBackoff(createRandom(this.#seed), this.#backoffOptions);
    const delay = Math.max(0, Math.min(this.#backoff.next(), RETRY_GAP_LIMIT_MS - sinceAttempt));
    this.#retry = this.#clock.schedule(delay, () => this.#reconnect());
  }

  #reconnect(): void {
    this.#retry = undefined;
    if (this.#stopping || this.#suspended) return;
    this.#attemptStartedAt = this.#clock.now();
    this.#connecting = true;
    this.client.reconnect();
  }

  #onError(error: Error & { code?: unknown }): void {
    const { deviceId } = this.engine;
    if (
      typeof error.code === 'number' &&
      FATAL_CONNACK_CODES.has(error.code) &&
      this.#started !== undefined
    ) {
      // Before the first success a refused login is a setup mistake: report it instead of retrying forever.
      const started = this.#started;
      this.#started = undefined;
      this.#stopping = true;
      this.#retry?.cancel();
      this.client.end(true);
      started.reject(
        new DeviceLoginError(
          `broker refused device ${deviceId}: ${describeMqttError(error)}; check --token and the device id`,
          {
            cause: error,
          },
        ),
      );
      return;
    }
    this.#logger.debug({ deviceId, err: error.message }, 'mqtt error');
  }
}
