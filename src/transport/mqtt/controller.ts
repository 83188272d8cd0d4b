/**
 * THE controller side of the MQTT binding (PROTOCOL.md section 5), for every caller: the
 * certification harness (conformance/link/mqtt-link.ts), the load generator
 * (load/runner/controllers.ts), the reference hub and tests. It connects as `controller:NAME`,
 * subscribes to devices (QoS 1 by default, in batches, naming refused filters), sends requests
 * with seeded ids that do not repeat (EDP-RPC-5) and matches replies by id, sends raw frames for
 * malformed-input checks, and reports presence, models, notifications and replies as typed
 * events with receive times. Each caller's needs are options:
 * - `matchReplies: false` and `inbound` hooks: payloads handed on as received, undecoded, with no
 *   clock read (the load's hot path, thousands a second; the harness judges payloads itself);
 * - `keepLatest`: the latest `state` and `model` per device (presence watching);
 * - `reconnectPeriodMs`: reconnect and resubscribe after a lost connection (load);
 * - `qos`; TCP no-delay is always on (transports/tcp.ts).
 * Lean on purpose: work nobody listens to is skipped (HOUSE: pino).
 */

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { parseJsonWithin } from '../../bounded-json.js';
import { FleetcertError } from '../../errors.js';
import { RESPONSE_DEADLINE_MS } from '../../protocol/codes.js';
import { decodeDeviceMessage } from '../../protocol/decode-device-message.js';
import { createRequestIdSource, type RequestIdSource } from '../../protocol/request-ids.js';
import type { RequestId } from '../../protocol/types.js';
import { createMqttClient } from './client.js';
import { describeMqttError } from './connection-options.js';
import { MqttConnectError } from './controller-errors.js';
import type { ControllerEventMap, RequestOutcome } from './controller-events.js';
import {
  controllerClientOptions,
  type InboundHooks,
  type LatestMessage,
  type MqttControllerOptions,
  type RequestOptions,
} from './controller-options.js';
import { PendingRequests, replyId } from './pending-requests.js';
import { parsePresence, presenceProblem } from './presence.js';
import { subscribeInBatches } from './subscribe-in-batches.js';
import {
  CONTROLLER_SUBSCRIBE_KINDS,
  controllerUsername,
  type DeviceTopicKind,
  deviceTopic,
  isValidDeviceId,
  TOPIC_ROOT,
} from './topics.js';

export type {
  InboundHooks,
  LatestMessage,
  MqttControllerOptions,
  RequestOptions,
} from './controller-options.js';

const ROOT_PREFIX = `${TOPIC_ROOT}/`;
const RPC_SUFFIX = '/rpc';
const REPLY_SUFFIX = '/rpc/reply';
const EVENTS_SUFFIX = '/events';
const WATCHED = ['message', 'reply', 'notification', 'presence', 'model'] as const;
type Watched = (typeof WATCHED)[number];
const isWatched = (event: string | symbol): event is Watched =>
  (WATCHED as readonly (string | symbol)[]).includes(event);
const defaultNow = () => performance.now();

export class MqttController extends EventEmitter<ControllerEventMap> {
  readonly name: string;
  readonly client: MqttClient;
  readonly #now: () => number;
  readonly #ids: RequestIdSource;
  readonly #pending = new PendingRequests();
  readonly #publish: { readonly qos: 0 | 1 };
  readonly #subscribe: { readonly qos: 0 | 1 };
  readonly #matchReplies: boolean;
  readonly #inbound: InboundHooks;
  readonly #latest: Map<string, LatestMessage> | undefined;
  /** Which events have listeners, kept up to date on (un)subscription: read for every message. */
  readonly #listening: Record<Watched, boolean> = {
    message: false,
    reply: false,
    notification: false,
    presence: false,
    model: false,
  };
  #closing = false;
  #wasConnected = false;

  /** Use `connectMqttController`; this constructor starts connecting at once. */
  constructor(options: MqttControllerOptions) {
    super();
    this.name = options.name;
    this.#now = options.now ?? defaultNow;
    this.#ids = createRequestIdSource(options.seed ?? randomBytes(4).readUInt32BE(0) % (2 ** 31 - 1));
    this.#publish = Object.freeze({ qos: options.qos ?? 1 });
    this.#subscribe = Object.freeze({ qos: options.subscribeQos ?? options.qos ?? 1 });
    this.#matchReplies = options.matchReplies ?? true;
    this.#inbound = options.inbound ?? {};
    this.#latest = options.keepLatest === true ? new Map() : undefined;
    this.client = createMqttClient(options.url, controllerClientOptions(options));
    // 'newListener' comes before the listener is added, 'removeListener' after it is removed.
    const emitter = this as EventEmitter;
    emitter.on('newListener', (event: string | symbol) => {
      if (isWatched(event)) this.#listening[event] = true;
    });
    emitter.on('removeListener', (event: string | symbol) => {
      if (isWatched(event)) this.#listening[event] = emitter.listenerCount(event) > 0;
    });
    this.client.on('message', (topic, payload, packet) =>
      this.#receive(topic, payload, packet.retain === true),
    );
    this.client.on('connect', () => {
      this.#wasConnected = true;
    });
    this.client.on('close', () => {
      if (this.#wasConnected && !this.#closing) this.emit('connectionLost');
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** `controller:NAME`, as it logs in. */
  get username(): string {
    return controllerUsername(this.name);
  }

  /** The latest `state` or `model` message of a device (with `keepLatest`). */
  latest(deviceId: string, kind: 'state' | 'model'): LatestMessage | undefined {
    return this.#latest?.get(`${kind}@${deviceId}`);
  }

  /** A fresh request id (1..2^31−1, not repeated within 2^31−1 draws). */
  nextRequestId(): RequestId {
    return this.#ids.next();
  }

  /**
   * Subscribes to `kinds` of one device, or of every device with `+`. Rejects with an
   * MqttSubscribeError naming the filters when the broker refuses any of them (SUBACK 0x80).
   */
  subscribeDevice(
    deviceId: string,
    kinds: readonly DeviceTopicKind[] = CONTROLLER_SUBSCRIBE_KINDS,
  ): Promise<void> {
    return this.subscribeDevices([deviceId], kinds);
  }

  /** Subscribes to `kinds` of each device, a few hundred filters per SUBSCRIBE packet. */
  async subscribeDevices(
    deviceIds: readonly string[],
    kinds: readonly DeviceTopicKind[] = CONTROLLER_SUBSCRIBE_KINDS,
  ): Promise<void> {
    for (const deviceId of deviceIds) {
      if (deviceId !== '+' && !isValidDeviceId(deviceId)) {
        throw new FleetcertError(
          'FLEETCERT_DEVICE_ID',
          `invalid device id ${JSON.stringify(deviceId)}: expected ^[a-z0-9][a-z0-9-]{2,63}$ or +`,
        );
      }
    }
    const filters = deviceIds.flatMap((deviceId) => kinds.map((kind) => deviceTopic(deviceId, kind)));
    await subscribeInBatches(this.client, this.username, filters, this.#subscribe);
  }

  async unsubscribeDevice(
    deviceId: string,
    kinds: readonly DeviceTopicKind[] = CONTROLLER_SUBSCRIBE_KINDS,
  ): Promise<void> {
    await this.client.unsubscribeAsync(kinds.map((kind) => deviceTopic(deviceId, kind)));
  }

  /**
   * Sends `{ id, method, params }` to the device's `rpc` (QoS 1) and resolves with the first
   * reply carrying that id, or `unanswered` after `timeoutMs`. Never rejects for the device's
   * sake; rejects only when this controller cannot send.
   */
  request(
    deviceId: string,
    method: string,
    params?: unknown,
    options: RequestOptions = {},
  ): Promise<RequestOutcome> {
    const id = options.id ?? this.#ids.next();
    const timeoutMs = options.timeoutMs ?? RESPONSE_DEADLINE_MS;
    if (this.#pending.has(deviceId, id)) {
      return Promise.reject(
        new FleetcertError('FLEETCERT_REQUEST_ID', `request id ${id} to ${deviceId} is still pending`),
      );
    }
    const frame = JSON.stringify(params === undefined ? { id, method } : { id, method, params });
    return new Promise<RequestOutcome>((resolve, reject) => {
      this.#assertCanSend(deviceId);
      this.#pending.add(deviceId, id, this.#now(), timeoutMs, resolve);
      this.client.publish(deviceTopic(deviceId, 'rpc'), frame, this.#publish, (error) => {
        if (error && this.#pending.withdraw(deviceId, id)) {
          reject(
            new FleetcertError('FLEETCERT_MQTT_PUBLISH', `cannot send to ${deviceId}: ${error.message}`),
          );
        }
      });
    });
  }

  /**
   * Publishes `frame` as is on the device's `rpc` and resolves once the broker has it (PUBACK
   * at QoS 1): malformed input for EDP-RPC-4, the harness's own requests.
   */
  async send(deviceId: string, frame: string | Uint8Array): Promise<void> {
    this.#assertCanSend(deviceId);
    const payload =
      typeof frame === 'string' ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    await this.client.publishAsync(deviceTopic(deviceId, 'rpc'), payload, this.#publish);
  }

  /**
   * Publishes `frame` on the device's `rpc` and returns at once: no checks, no promise, no
   * callback. The load's hot path; its checker matches answers by itself.
   */
  publish(deviceId: string, frame: string): void {
    this.client.publish(`${ROOT_PREFIX}${deviceId}${RPC_SUFFIX}`, frame, this.#publish);
  }

  /** Holds this controller's writes until `uncork`, so a burst of requests leaves in one write. */
  cork(): void {
    this.client.stream?.cork();
  }

  uncork(): void {
    this.client.stream?.uncork();
  }

  /** Settles pending requests as `closed` and disconnects cleanly. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#pending.closeAll();
    await this.client.endAsync();
  }

  #assertCanSend(deviceId: string): void {
    if (!isValidDeviceId(deviceId)) {
      throw new FleetcertError(
        'FLEETCERT_DEVICE_ID',
        `invalid device id ${JSON.stringify(deviceId)}: expected ^[a-z0-9][a-z0-9-]{2,63}$`,
      );
    }
    if (this.#closing || !this.client.connected) {
      throw new FleetcertError(
        'FLEETCERT_MQTT_NOT_CONNECTED',
        `${this.username} is not connected to the broker`,
      );
    }
  }

  #receive(topic: string, payload: Buffer, retained: boolean): void {
    const listening = this.#listening;
    if (listening.message) this.emit('message', { topic, payload, retained, receivedAt: this.#now() });
    // edp/1/{deviceId}/{suffix}, read without splitting: this runs for every message of a load test.
    if (!topic.startsWith(ROOT_PREFIX)) return;
    if (topic.endsWith(REPLY_SUFFIX)) {
      const deviceId = topic.slice(ROOT_PREFIX.length, topic.length - REPLY_SUFFIX.length);
      this.#inbound.reply?.(deviceId, payload, topic);
      if (this.#matchReplies || listening.reply) this.#receiveReply(deviceId, payload, this.#now());
      return;
    }
    if (topic.endsWith(EVENTS_SUFFIX)) {
      const deviceId = topic.slice(ROOT_PREFIX.length, topic.length - EVENTS_SUFFIX.length);
      this.#inbound.event?.(deviceId, payload, topic);
      if (listening.notification) {
        const receivedAt = this.#now();
        this.emit('notification', { deviceId, payload, receivedAt, message: decodeDeviceMessage(payload) });
      }
      return;
    }
    const slash = topic.indexOf('/', ROOT_PREFIX.length);
    if (slash < 0) return;
    const deviceId = topic.slice(ROOT_PREFIX.length, slash);
    const kind = topic.slice(slash + 1);
    if (kind !== 'state' && kind !== 'model') return;
    const receivedAt = this.#now();
    this.#latest?.set(`${kind}@${deviceId}`, { receivedAt, payload, retained });
    if (kind === 'state' && listening.presence) {
      const presence = parsePresence(payload);
      this.emit(
        'presence',
        presence === undefined
          ? { deviceId, payload, receivedAt, retained, problem: presenceProblem(payload) }
          : { deviceId, payload, receivedAt, retained, presence },
      );
    } else if (kind === 'model' && listening.model) {
      this.emit('model', { deviceId, payload, receivedAt, retained, document: parseJson(payload) });
    }
  }

  #receiveReply(deviceId: string, payload: Buffer, receivedAt: number): void {
    const message = decodeDeviceMessage(payload);
    const id = replyId(message);
    const matched =
      id !== undefined &&
      this.#matchReplies &&
      this.#pending.answer(deviceId, id, receivedAt, message, payload);
    if (this.#listening.reply) {
      this.emit('reply', {
        deviceId,
        payload,
        receivedAt,
        message,
        matched,
        ...(id === undefined ? {} : { id }),
      });
    }
  }
}

/** Bounded in size and depth (src/bounded-json.ts): what a device sends is walked afterwards. */
function parseJson(payload: Buffer): unknown {
  return parseJsonWithin(payload.toString('utf8'));
}

/**
 * Connects a controller; rejects with an MqttConnectError naming the broker and the reason.
 * Without reconnection a closed connection fails at once; with it (MQTT.js retrying by itself)
 * only an error or `connectTimeoutMs` without CONNACK does.
 */
export function connectMqttController(options: MqttControllerOptions): Promise<MqttController> {
  const controller = new MqttController(options);
  const { client } = controller;
  const retrying = options.reconnectPeriodMs !== undefined;
  const timeoutMs = options.connectTimeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const timer = retrying
      ? setTimeout(() => fail(`no CONNACK within ${timeoutMs} ms`), timeoutMs)
      : undefined;
    const fail = (reason: string, error?: Error) => {
      cleanup();
      client.end(true);
      reject(new MqttConnectError(options.url, controller.username, reason, error));
    };
    const onConnect = () => {
      cleanup();
      resolve(controller);
    };
    const onError = (error: Error) => fail(describeMqttError(error), error);
    const onClose = () => fail('the connection closed');
    const cleanup = () => {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      if (!retrying) client.off('close', onClose);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
    if (!retrying) client.on('close', onClose);
  });
}
