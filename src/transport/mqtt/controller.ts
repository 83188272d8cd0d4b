/**
 * The controller side of the MQTT binding (PROTOCOL.md section 5), for conformance runs and load:
 * connects as `controller:NAME`, subscribes to devices, sends requests with seeded ids that do not
 * repeat (EDP-RPC-5) and matches replies by id, sends raw frames for malformed-input checks, and
 * reports presence, models, notifications and replies as typed events with receive times.
 * Lean on purpose: a load generator runs many, and work nobody listens to is skipped.
 */

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { parseJsonWithin } from '../../bounded-json.js';
import { FleetcertError } from '../../errors.js';
import { RESPONSE_DEADLINE_MS } from '../../protocol/codes.js';
import { decodeDeviceMessage } from '../../protocol/decode-device-message.js';
import { isJsonObject } from '../../protocol/frame.js';
import { createRequestIdSource, type RequestIdSource } from '../../protocol/request-ids.js';
import type { DeviceMessage, RequestId } from '../../protocol/types.js';
import { createMqttClient, type MqttClientOptions } from './client.js';
import type { ControllerEventMap, RequestOutcome } from './controller-events.js';
import { parsePresence, presenceProblem } from './presence.js';
import {
  CONTROLLER_SUBSCRIBE_KINDS,
  controllerUsername,
  type DeviceTopicKind,
  deviceTopic,
  isValidDeviceId,
  TOPIC_ROOT,
} from './topics.js';

export interface MqttControllerOptions {
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://` URL of the broker. */
  readonly url: string;
  /** Logs in as `controller:NAME`. */
  readonly name: string;
  readonly token: string;
  /** Seeds the request ids (EDP-RPC-5). */
  readonly seed: number;
  /** Default: `ctl_NAME_` plus random hex; never a valid device id, so it cannot take over a device's session. */
  readonly clientId?: string;
  /** Default 30 s. */
  readonly keepaliveSeconds?: number;
  /** Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** Clock for sent/received times, in ms. Default `performance.now()`. */
  readonly now?: () => number;
  /** Extra MQTT.js options (TLS, protocol version). */
  readonly clientOptions?: MqttClientOptions;
}

export interface RequestOptions {
  /** Default 2000 ms, the response deadline of section 7. */
  readonly timeoutMs?: number;
  /** Send under this id instead of a fresh one (to repeat a request, EDP-RPC-5). */
  readonly id?: RequestId;
}

interface Pending {
  readonly deviceId: string;
  readonly id: RequestId;
  readonly sentAt: number;
  readonly timeoutMs: number;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (outcome: RequestOutcome) => void;
}

const QOS1 = Object.freeze({ qos: 1 as const });
const ROOT_PREFIX = `${TOPIC_ROOT}/`;
const defaultNow = () => performance.now();

export class MqttController extends EventEmitter<ControllerEventMap> {
  readonly name: string;
  readonly client: MqttClient;
  readonly #now: () => number;
  readonly #ids: RequestIdSource;
  /** Keyed `${id}@${deviceId}`: ids are unique per device, and replies name their device by topic. */
  readonly #pending = new Map<string, Pending>();
  #closing = false;
  #wasConnected = false;

  /** Use `connectMqttController`; this constructor starts connecting at once. */
  constructor(options: MqttControllerOptions) {
    super();
    this.name = options.name;
    this.#now = options.now ?? defaultNow;
    this.#ids = createRequestIdSource(options.seed);
    this.client = createMqttClient(options.url, {
      ...options.clientOptions,
      clientId: options.clientId ?? `ctl_${options.name}_${randomBytes(4).toString('hex')}`,
      username: controllerUsername(options.name),
      password: options.token,
      clean: true,
      keepalive: options.keepaliveSeconds ?? 30,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      resubscribe: false,
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

  /** A fresh request id (1..2^31−1, not repeated within 2^31−1 draws). */
  nextRequestId(): RequestId {
    return this.#ids.next();
  }

  /**
   * Subscribes (QoS 1) to `kinds` of one device, or of every device with `+`. Rejects, naming
   * the filters, when the broker refuses any of them (SUBACK 0x80).
   */
  async subscribeDevice(
    deviceId: string,
    kinds: readonly DeviceTopicKind[] = CONTROLLER_SUBSCRIBE_KINDS,
  ): Promise<void> {
    if (deviceId !== '+' && !isValidDeviceId(deviceId)) {
      throw new FleetcertError(
        'FLEETCERT_DEVICE_ID',
        `invalid device id ${JSON.stringify(deviceId)}: expected ^[a-z0-9][a-z0-9-]{2,63}$ or +`,
      );
    }
    const filters = kinds.map((kind) => deviceTopic(deviceId, kind));
    const granted = await new Promise<number[]>((resolve, reject) => {
      this.client.subscribe(filters, QOS1, (error, _grants, packet) => {
        const codes = (packet as { granted?: number[] } | undefined)?.granted;
        if (codes) resolve(codes);
        else reject(error ?? new Error('no SUBACK'));
      });
    });
    const refused = filters.filter((_filter, i) => ((granted[i] ?? 0x80) & 0x80) !== 0);
    if (refused.length > 0) {
      throw new FleetcertError(
        'FLEETCERT_MQTT_SUBSCRIBE',
        `broker refused controller:${this.name} the subscription to ${refused.join(', ')}; check the broker's ACL`,
      );
    }
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
    const key = `${id}@${deviceId}`;
    if (this.#pending.has(key)) {
      return Promise.reject(
        new FleetcertError('FLEETCERT_REQUEST_ID', `request id ${id} to ${deviceId} is still pending`),
      );
    }
    const frame = JSON.stringify(params === undefined ? { id, method } : { id, method, params });
    return new Promise<RequestOutcome>((resolve, reject) => {
      this.#assertCanSend(deviceId);
      const sentAt = this.#now();
      const timer = setTimeout(() => this.#settleUnanswered(key, 'timeout'), timeoutMs);
      this.#pending.set(key, { deviceId, id, sentAt, timeoutMs, timer, resolve });
      this.client.publish(deviceTopic(deviceId, 'rpc'), frame, QOS1, (error) => {
        if (error && this.#pending.delete(key)) {
          clearTimeout(timer);
          reject(
            new FleetcertError('FLEETCERT_MQTT_PUBLISH', `cannot send to ${deviceId}: ${error.message}`),
          );
        }
      });
    });
  }

  /** Publishes `frame` as is on the device's `rpc` (QoS 1): malformed input for EDP-RPC-4. */
  async send(deviceId: string, frame: string | Uint8Array): Promise<void> {
    this.#assertCanSend(deviceId);
    const payload =
      typeof frame === 'string' ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
    await this.client.publishAsync(deviceTopic(deviceId, 'rpc'), payload, QOS1);
  }

  /** Settles pending requests as `closed` and disconnects cleanly. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const key of [...this.#pending.keys()]) this.#settleUnanswered(key, 'closed');
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
        `controller:${this.name} is not connected to the broker`,
      );
    }
  }

  #settleUnanswered(key: string, reason: 'timeout' | 'closed'): void {
    const pending = this.#pending.get(key);
    if (pending === undefined) return;
    this.#pending.delete(key);
    clearTimeout(pending.timer);
    const { deviceId, id, sentAt, timeoutMs } = pending;
    pending.resolve({ status: 'unanswered', deviceId, id, sentAt, reason, timeoutMs });
  }

  #receive(topic: string, payload: Buffer, retained: boolean): void {
    const receivedAt = this.#now();
    if (this.listenerCount('message') > 0) this.emit('message', { topic, payload, retained, receivedAt });
    // edp/1/{deviceId}/{suffix}, read without splitting: this runs for every message of a load test.
    if (!topic.startsWith(ROOT_PREFIX)) return;
    const slash = topic.indexOf('/', ROOT_PREFIX.length);
    if (slash < 0) return;
    const deviceId = topic.slice(ROOT_PREFIX.length, slash);
    switch (topic.slice(slash + 1)) {
      case 'rpc/reply':
        this.#receiveReply(deviceId, payload, receivedAt);
        return;
      case 'events':
        if (this.listenerCount('notification') > 0) {
          this.emit('notification', { deviceId, payload, receivedAt, message: decodeDeviceMessage(payload) });
        }
        return;
      case 'state':
        if (this.listenerCount('presence') > 0) {
          const presence = parsePresence(payload);
          this.emit(
            'presence',
            presence === undefined
              ? { deviceId, payload, receivedAt, retained, problem: presenceProblem(payload) }
              : { deviceId, payload, receivedAt, retained, presence },
          );
        }
        return;
      case 'model':
        if (this.listenerCount('model') > 0) {
          this.emit('model', { deviceId, payload, receivedAt, retained, document: parseJson(payload) });
        }
        return;
    }
  }

  #receiveReply(deviceId: string, payload: Buffer, receivedAt: number): void {
    const message = decodeDeviceMessage(payload);
    const id = replyId(message);
    const key = id === undefined ? undefined : `${id}@${deviceId}`;
    const pending = key === undefined ? undefined : this.#pending.get(key);
    if (pending !== undefined && key !== undefined) {
      this.#pending.delete(key);
      clearTimeout(pending.timer);
      pending.resolve({
        status: 'answered',
        deviceId,
        id: pending.id,
        sentAt: pending.sentAt,
        receivedAt,
        message,
        payload,
      });
    }
    if (this.listenerCount('reply') > 0) {
      this.emit('reply', {
        deviceId,
        payload,
        receivedAt,
        message,
        matched: pending !== undefined,
        ...(id === undefined ? {} : { id }),
      });
    }
  }
}

/** The id a reply carries, also when it is malformed (both result and error, say), so it is judged against its request. */
function replyId(message: DeviceMessage): RequestId | undefined {
  if (message.kind === 'response' || message.kind === 'error-response') return message.id ?? undefined;
  if (message.kind === 'invalid' && isJsonObject(message.parsed)) {
    const id = message.parsed.id;
    return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
  }
  return undefined;
}

/** Bounded in size and depth (src/bounded-json.ts): what a device sends is walked afterwards. */
function parseJson(payload: Buffer): unknown {
  return parseJsonWithin(payload.toString('utf8'));
}

/** Connects a controller; rejects with a `FleetcertError` naming the broker and the reason. */
export function connectMqttController(options: MqttControllerOptions): Promise<MqttController> {
  const controller = new MqttController(options);
  const { client } = controller;
  return new Promise((resolve, reject) => {
    const fail = (error?: Error) => {
      cleanup();
      client.end(true);
      reject(
        new FleetcertError(
          'FLEETCERT_MQTT_CONNECT',
          `cannot connect to ${options.url} as controller:${options.name}: ${error?.message ?? 'connection closed'}; check the URL and the token`,
          { cause: error },
        ),
      );
    };
    const onConnect = () => {
      cleanup();
      resolve(controller);
    };
    const onError = (error: Error) => fail(error);
    const onClose = () => fail();
    const cleanup = () => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}
