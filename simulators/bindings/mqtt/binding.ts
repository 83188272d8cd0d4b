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
import type { MqttClient } from 'mqtt';
import { createRandom } from '../../../src/index.js';
import { type Logger, silentLogger } from '../../../src/log/index.js';
import type { Notification } from '../../../src/protocol/index.js';
import {
  createMqttClient,
  type DeviceTopics,
  deviceTopics,
  type Qos,
} from '../../../src/transport/mqtt/index.js';
import { realClock } from '../../clock/real-clock.js';
import type { SimClock, TimerRef } from '../../clock/types.js';
import { encodeReply } from '../../engine/encode-reply.js';
import type { DeviceEngine } from '../../engine/types.js';
import type { BindingFaults } from '../../faults/binding/binding-faults.js';
import type { BindingTap } from '../tap.js';
import { type Backoff, type BackoffOptions, createBackoff, RETRY_GAP_LIMIT_MS } from './backoff.js';
import type { MqttDeviceBindingEvents, MqttDeviceBindingOptions } from './binding-options.js';
import { cutConnection, dropInFlight, publishOffline } from './client-steps.js';
import { ComeBackWaiters, DeviceControlSupersededError } from './come-back-waiters.js';
import { deviceClientOptions } from './device-client-options.js';
import { loginRefusal } from './device-login-error.js';
import { DeviceOutput } from './device-output.js';
import {
  modelPayload,
  OFFLINE_PAYLOAD,
  onlinePayload,
  QOS1,
  RETAINED_QOS1,
  SUBSCRIBE_QOS1,
} from './payloads.js';
import { presenceIdentity } from './presence-identity.js';

const CLEAN_DISCONNECT_PAUSE_MS = 1_000;
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
  readonly #output: DeviceOutput;
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
    this.engine = options.engine;
    this.topics = deviceTopics(options.engine.deviceId);
    const clientOptions = deviceClientOptions(options, this.topics);
    this.#faults = options.faults;
    this.#tap = options.tap;
    this.#clock = options.clock ?? realClock();
    this.#logger = options.logger ?? SILENT;
    this.#seed = options.seed ?? 0;
    this.#backoffOptions = options.backoff;
    // Bad backoff options are refused here, not at the first loss.
    if (options.backoff !== undefined)
      this.#backoff = createBackoff(createRandom(this.#seed), options.backoff);
    this.client = createMqttClient(options.url, clientOptions);
    this.#output = new DeviceOutput(this.client, this.topics, options);
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
    this.#output.notify(notifications, qos);
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
        this.#tap?.presence(false, 'graceful');
        const acknowledged = await publishOffline(this.client, this.topics.state);
        await this.client.endAsync(!acknowledged);
      } else {
        this.#tap?.presence(false, 'abrupt');
        await cutConnection(this.client);
      }
    } else if (this.#connecting) await cutConnection(this.client);
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
    let acknowledged = false;
    if (this.client.connected) {
      this.#tap?.presence(false, 'graceful');
      acknowledged = await publishOffline(this.client, this.topics.state);
    }
    await this.client.endAsync(!acknowledged);
    this.#online = false;
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
    const { modelId, firmware } = presenceIdentity(engine);
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
    const { client } = this;
    const output = this.engine.handleFrame(payload, MQTT_CHANNEL);
    if (output.reply !== undefined) this.#output.reply(encodeReply(output.reply));
    if (output.notifications.length > 0) this.#output.notify(output.notifications);
    // fault hooks: disconnect-abrupt (EDP-MQTT-2), disconnect-clean (EDP-MQTT-1)
    const cut = this.#faults?.disconnectNow();
    if (cut === 'abrupt') {
      this.#tap?.presence(false, 'abrupt');
      client.stream.destroy();
    } else if (cut === 'clean') this.#disconnectCleanly();
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
    dropInFlight(this.client);
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
    const started = this.#started;
    // Before the first success a refused login is a setup mistake: report it instead of retrying forever.
    const refusal = started === undefined ? undefined : loginRefusal(deviceId, error);
    if (started !== undefined && refusal !== undefined) {
      this.#started = undefined;
      this.#stopping = true;
      this.#retry?.cancel();
      this.client.end(true);
      started.reject(refusal);
      return;
    }
    this.#logger.debug({ deviceId, err: error.message }, 'mqtt error');
  }
}
