/**
 * What a device publishes on its `events` and `rpc/reply` topics (PROTOCOL.md section 5: QoS 1
 * unless a load lowers it), through its planted faults and its tap; nothing while offline.
 */
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import type { Notification } from '../../../src/protocol/index.js';
import { encodeNotification } from '../../../src/protocol/index.js';
import type { DeviceTopics, Qos } from '../../../src/transport/mqtt/index.js';
import type { BindingFaults } from '../../faults/binding/binding-faults.js';
import type { BindingTap } from '../tap.js';
import type { MqttDeviceBindingOptions } from './binding-options.js';
import { publishQos } from './payloads.js';

export class DeviceOutput {
  readonly #client: MqttClient;
  readonly #topics: DeviceTopics;
  readonly #faults: BindingFaults | undefined;
  readonly #tap: BindingTap | undefined;
  readonly #replyQos: IClientPublishOptions;
  readonly #notifyQos: IClientPublishOptions;

  constructor(
    client: MqttClient,
    topics: DeviceTopics,
    options: Pick<MqttDeviceBindingOptions, 'faults' | 'tap' | 'qos'>,
  ) {
    this.#client = client;
    this.#topics = topics;
    this.#faults = options.faults;
    this.#tap = options.tap;
    this.#replyQos = publishQos(options.qos?.replies);
    this.#notifyQos = publishQos(options.qos?.notifications);
  }

  /** Publishes notifications; dropped while offline. `qos` overrides the notification QoS. */
  notify(notifications: readonly Notification[], qos?: Qos): void {
    const client = this.#client;
    if (!client.connected) return;
    const options = qos === undefined ? this.#notifyQos : publishQos(qos);
    for (const notification of notifications) {
      // fault hook: drop-notifications (EDP-NOTIFY-1)
      if (this.#faults !== undefined && !this.#faults.sendsNotification()) continue;
      const text = encodeNotification(notification);
      // fault hook: notification-latency
      if (this.#faults === undefined) {
        client.publish(this.#topics.events, text, options);
        this.#tap?.sentNotification(notification, text);
      } else
        this.#faults.notification(() => {
          if (!client.connected) return;
          client.publish(this.#topics.events, text, options);
          this.#tap?.sentNotification(notification, text);
        });
    }
  }

  /** Publishes an encoded response on `rpc/reply`, as the reply faults say (garbage, drop, delay, twice). */
  reply(text: string): void {
    if (this.#faults === undefined && this.#tap === undefined)
      this.#client.publish(this.#topics.rpcReply, text, this.#replyQos);
    else if (this.#faults === undefined) this.#publishReply(text);
    else this.#faults.reply(text, (t) => this.#publishReply(t));
  }

  #publishReply(text: string): void {
    if (!this.#client.connected) return;
    this.#client.publish(this.#topics.rpcReply, text, this.#replyQos);
    this.#tap?.sentResponse(text);
  }
}
