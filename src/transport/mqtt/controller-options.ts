/** How an MqttController is set up: each caller's needs as options (see controller.ts). */
import { randomBytes } from 'node:crypto';
import type { RequestId } from '../../protocol/types.js';
import type { MqttClientOptions } from './client.js';
import { controllerUsername } from './topics.js';

/** MQTT 5 session expiry of a persistent controller session: long enough to ride out a reconnect. */
const PERSISTENT_SESSION_EXPIRY_S = 300;

export interface MqttControllerOptions {
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://` URL of the broker. */
  readonly url: string;
  /** Logs in as `controller:NAME`. */
  readonly name: string;
  readonly token: string;
  /** Seeds the request ids (EDP-RPC-5). Default: a random seed. */
  readonly seed?: number;
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
  /** QoS of requests, raw frames and subscriptions. Default 1 (section 5). */
  readonly qos?: 0 | 1;
  /** QoS of subscriptions when it differs from `qos` (the highest QoS the controller wants delivered). */
  readonly subscribeQos?: 0 | 1;
  /**
   * Keep the broker session across reconnects (3.1.1 clean session off; MQTT 5 a session
   * expiry), so QoS 1 messages in flight when a connection drops are redelivered, not lost.
   * Needs a fixed `clientId`. Default false.
   */
  readonly persistentSession?: boolean;
  /**
   * Reconnect after a lost connection, first after this many ms, and subscribe again to what
   * was subscribed. Default: no reconnect (callers that judge a connection own their backoff).
   */
  readonly reconnectPeriodMs?: number;
  /** Match `rpc/reply` messages to this controller's requests by id (decodes each). Default true. */
  readonly matchReplies?: boolean;
  /** Called with every `rpc/reply` and `events` payload as received, before anything else. */
  readonly inbound?: InboundHooks;
  /** Keep the latest `state` and `model` message of every device: see `latest`. Default false. */
  readonly keepLatest?: boolean;
}

/**
 * The cheap path for callers that judge payloads themselves: called synchronously for each
 * message, with no decoding and no clock read.
 */
export interface InboundHooks {
  reply?(deviceId: string, payload: Buffer, topic: string): void;
  event?(deviceId: string, payload: Buffer, topic: string): void;
}

/** A `state` or `model` message as last received (`keepLatest`). */
export interface LatestMessage {
  readonly receivedAt: number;
  readonly payload: Buffer;
  /** Delivered from the broker's retained store. */
  readonly retained: boolean;
}

export interface RequestOptions {
  /** Default 2000 ms, the response deadline of section 7. */
  readonly timeoutMs?: number;
  /** Send under this id instead of a fresh one (to repeat a request, EDP-RPC-5). */
  readonly id?: RequestId;
}

/** How the controller logs in and stays connected, as MQTT.js client options. */
export function controllerClientOptions(options: MqttControllerOptions): MqttClientOptions {
  const reconnect = options.reconnectPeriodMs;
  return {
    ...options.clientOptions,
    clientId: options.clientId ?? `ctl_${options.name}_${randomBytes(4).toString('hex')}`,
    username: controllerUsername(options.name),
    password: options.token,
    clean: options.persistentSession !== true,
    ...(options.persistentSession === true && options.clientOptions?.protocolVersion === 5
      ? { properties: { sessionExpiryInterval: PERSISTENT_SESSION_EXPIRY_S } }
      : {}),
    keepalive: options.keepaliveSeconds ?? 30,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    ...(reconnect === undefined ? { resubscribe: false } : { reconnectPeriod: reconnect, resubscribe: true }),
  };
}
