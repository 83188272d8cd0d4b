/**
 * A fleet device as an MQTT client of the broker (PROTOCOL.md section 5): client id and
 * username = device id, password = token, clean session, will `{ "online": false }`; on
 * connect it subscribes to `rpc`, publishes its retained model, then retained presence
 * (EDP-MQTT-1); it answers on `rpc/reply`, notifies on `events`; after a lost connection it
 * reconnects with backoff and jitter, subscribes and announces itself again, keeping its
 * state (EDP-MQTT-2); it publishes only under its own topics (EDP-MQTT-3).
 *
 * Built for fleets: event handlers are shared functions (no closures per device), payloads
 * and options are shared, MQTT.js keepalives and reconnect delays live on the fleet's timer
 * wheel, and MQTT.js's per-client debug logger is replaced by one no-op.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { encodeNotification } from '../../src/protocol/encode.js';
import type { Notification } from '../../src/protocol/types.js';
import { DEVICE_ID_PATTERN, TOPIC_ROOT } from '../../src/transport/mqtt/topics.js';
import type { WheelEntry } from '../clock/timer-wheel.js';
import { encodeReply } from '../engine/encode-reply.js';
import type { BindingFaults } from '../faults/binding/binding-faults.js';
import type { FleetDeviceState } from './fleet-device.js';
import type { DeviceLink, LinkContext, OpenLink } from './links.js';
import {
  modelPayload,
  OFFLINE_PAYLOAD,
  presencePayload,
  QOS1,
  RETAINED_QOS1,
  SUBSCRIBE_QOS1,
} from './mqtt-payloads.js';

/** First reconnect try within 5 s, later ones at most 30 s apart (EDP-MQTT-2). */
export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;
/** A clean disconnect planted by a fault comes back after this long. */
const CLEAN_DISCONNECT_PAUSE_MS = 1_000;

const LINK = Symbol('fleetcert.mqttLink');
type LinkedClient = MqttClient & { [LINK]: MqttLink };

const noop = (): void => {};

class MqttLink implements DeviceLink {
  readonly device: FleetDeviceState;
  readonly faults: BindingFaults | undefined;
  readonly context: LinkContext;
  readonly client: LinkedClient;
  /** The ramp's callback until the first handshake ends. */
  handshake: ((error?: Error) => void) | undefined;
  retries = 0;
  retry: WheelEntry | undefined;
  stopping = false;
  sessions = 0;

  constructor(
    device: FleetDeviceState,
    faults: BindingFaults | undefined,
    context: LinkContext,
    done: (error?: Error) => void,
  ) {
    this.device = device;
    this.faults = faults;
    this.context = context;
    this.handshake = done;
    const options: IClientOptions = {
      clientId: device.id,
      username: device.id,
      password: device.token,
      clean: true,
      keepalive: context.keepaliveSeconds,
      protocolVersion: 4,
      // Reconnects are ours: backoff with jitter on the fleet's wheel (EDP-MQTT-2).
      reconnectPeriod: 0,
      resubscribe: false,
      log: noop,
      // MQTT.js types its Timer after worker-timers (numeric ids); any {set, clear} pair works.
      timerVariant: context.keepaliveTimer as unknown as IClientOptions['timerVariant'],
      ...context.connectOptions,
    };
    // fault hook: no-will (EDP-MQTT-1)
    if (!faults?.has('no-will')) {
      options.will = { topic: topic(device.id, 'state'), payload: OFFLINE_PAYLOAD, qos: 1, retain: true };
    }
    this.client = mqtt.connect(context.broker!, options) as LinkedClient;
    this.client[LINK] = this;
    this.client.on('connect', onConnect);
    this.client.on('message', onMessage);
    this.client.on('close', onClose);
    this.client.on('error', onError);
  }

  notify(notifications: readonly Notification[]): void {
    if (!this.client.connected) return;
    const events = topic(this.device.id, 'events');
    this.client.stream.cork();
    for (const notification of notifications) {
      // fault hook: drop-notifications (EDP-NOTIFY-1)
      if (this.faults && !this.faults.sendsNotification()) continue;
      this.client.publish(events, encodeNotification(notification), QOS1);
    }
    this.client.stream.uncork();
  }

  /** Graceful offline (EDP-MQTT-1): offline presence, then DISCONNECT (the broker drops the will). */
  stop(): Promise<void> {
    this.stopping = true;
    this.context.wheel.cancel(this.retry);
    this.faults?.cancelPending();
    const client = this.client;
    return new Promise((resolve) => {
      if (!client.connected) {
        client.end(true, {}, () => resolve());
        return;
      }
      client.publish(topic(this.device.id, 'state'), OFFLINE_PAYLOAD, RETAINED_QOS1, () =>
        client.end(false, {}, () => resolve()),
      );
    });
  }

  onConnect(): void {
    this.retries = 0;
    this.sessions++;
    const { device, faults, client } = this;
    // fault hook: state-lost-on-reconnect (EDP-MQTT-2)
    if (this.sessions > 1 && faults?.losesStateOnReconnect()) device.engine.resetState();
    client.subscribe(topic(device.id, 'rpc'), SUBSCRIBE_QOS1, (error) => {
      if (error) this.fail(error);
      else this.announce();
    });
  }

  announce(): void {
    const { device, faults, client } = this;
    const { engine } = device;
    // One write for everything a device says on connecting (fewer syscalls across a fleet).
    client.stream.cork();
    try {
      client.publish(topic(device.id, 'model'), modelPayload(engine.model), RETAINED_QOS1);
      // fault hook: acl-violation (EDP-MQTT-3): a publish under another device's topics.
      if (faults?.has('acl-violation')) {
        client.publish(
          topic(otherDeviceId(device.id), 'events'),
          '{"method":"properties_changed","params":[]}',
          QOS1,
        );
      }
      // fault hook: no-presence (EDP-MQTT-1)
      if (faults?.has('no-presence')) {
        this.up();
        return;
      }
      // fault hook: wrong-presence-model (EDP-MQTT-1)
      const modelId = faults?.has('wrong-presence-model')
        ? `${engine.model.model}.other`
        : engine.model.model;
      const presence = presencePayload(engine.model, modelId, engine.firmware);
      client.publish(topic(device.id, 'state'), presence, RETAINED_QOS1, (error) =>
        error ? this.fail(error) : this.up(),
      );
    } finally {
      client.stream.uncork();
    }
  }

  up(): void {
    this.context.host.up(this.device);
    this.endHandshake();
  }

  serve(payload: Buffer): void {
    const { device, faults, client } = this;
    const output = device.engine.handleFrame(payload);
    client.stream.cork();
    if (output.reply) {
      const text = encodeReply(output.reply);
      const replyTopic = topic(device.id, 'rpcReply');
      if (faults) faults.reply(text, (t) => client.connected && client.publish(replyTopic, t, QOS1));
      else client.publish(replyTopic, text, QOS1);
    }
    if (output.notifications.length > 0) this.notify(output.notifications);
    const followUps = this.context.host.served(device);
    if (followUps.length > 0) this.notify(followUps);
    client.stream.uncork();
    // fault hooks: disconnect-clean (EDP-MQTT-1), disconnect-abrupt (EDP-MQTT-2)
    const cut = faults?.disconnectNow();
    if (cut === 'abrupt') client.stream.destroy();
    else if (cut === 'clean') this.cleanDisconnect();
  }

  cleanDisconnect(): void {
    const { client } = this;
    client.publish(topic(this.device.id, 'state'), OFFLINE_PAYLOAD, RETAINED_QOS1, () =>
      client.end(false, {}, () => {
        if (!this.stopping) this.retry = this.context.wheel.add(CLEAN_DISCONNECT_PAUSE_MS, reconnect, this);
      }),
    );
  }

  onClose(): void {
    this.context.host.down(this.device);
    // A clean session loses what was in flight; MQTT.js would otherwise hold those QoS 1
    // publishes for ever and make the graceful `end` on stop wait for their acks.
    for (const messageId of Object.keys(this.client.outgoing))
      this.client.removeOutgoingMessage(Number(messageId));
    this.endHandshake(new Error('connection closed before the device was online'));
    if (this.stopping || this.client.disconnecting || this.retry?.active) return;
    this.retry = this.context.wheel.add(this.backoffMs(), reconnect, this);
  }

  /** Exponential backoff with full jitter in its upper half: 0.5–1 s, 1–2 s, … capped at 30 s. */
  backoffMs(): number {
    const cap = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.retries++);
    return cap * (0.5 + 0.5 * this.context.random.next());
  }

  fail(error: Error): void {
    this.context.host.error(this.device, error);
    this.endHandshake(error);
  }

  endHandshake(error?: Error): void {
    const done = this.handshake;
    this.handshake = undefined;
    done?.(error);
  }
}

function reconnect(link: MqttLink): void {
  link.retry = undefined;
  if (!link.stopping) link.client.reconnect();
}

function onConnect(this: LinkedClient): void {
  this[LINK].onConnect();
}
function onMessage(this: LinkedClient, _topic: string, payload: Buffer): void {
  this[LINK].serve(payload);
}
function onClose(this: LinkedClient): void {
  this[LINK].onClose();
}
function onError(this: LinkedClient, error: Error): void {
  this[LINK].fail(error);
}

type TopicKind = 'state' | 'model' | 'rpc' | 'rpcReply' | 'events';
const SUFFIX: Readonly<Record<TopicKind, string>> = {
  state: '/state',
  model: '/model',
  rpc: '/rpc',
  rpcReply: '/rpc/reply',
  events: '/events',
};

/** Built when needed rather than stored: five strings per device add up over a fleet. */
function topic(deviceId: string, kind: TopicKind): string {
  return `${TOPIC_ROOT}/${deviceId}${SUFFIX[kind]}`;
}

/** A valid device id that is not this one, for the acl-violation fault. */
function otherDeviceId(deviceId: string): string {
  const other = `${deviceId.slice(0, 58)}-other`;
  return DEVICE_ID_PATTERN.test(other) ? other : 'other-device';
}

export const openMqttLink: OpenLink = (device, faults, context, done) =>
  new MqttLink(device, faults, context, done);
