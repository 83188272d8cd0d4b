/**
 * Device notifications and presence changes to the app connections subscribed to that device
 * and granted it (EDP-HUB-3, EDP-HUB-4, EDP-HUB-5): one app notification per device
 * notification, in the hub's order of receipt, never to anyone else; presence only when the
 * hub's view changes (the directory reports only changes). `hello` never reaches here.
 */
import type { AppConnections } from './connections.js';
import { NowAndThen } from './faults/now-and-then.js';
import type { HubFaults } from './faults/types.js';
import { type Delivery, subscribedTo } from './subscriptions.js';

export class NotificationFanout {
  readonly #connections: AppConnections;
  readonly #faults: HubFaults;
  /** Only counted under the planted `drop-app-notifications`. */
  readonly #seen = new Map<string, number>();
  /** Only asked under the planted `drop-some-notifications`. */
  readonly #someDropped: NowAndThen;

  constructor(connections: AppConnections, faults: HubFaults, seed = 0) {
    this.#connections = connections;
    this.#faults = faults;
    this.#someDropped = new NowAndThen(seed, 1);
  }

  notification(deviceId: string, method: 'properties_changed' | 'event_occurred', paramsText: string): void {
    if (this.#faults.has('drop-app-notifications')) {
      // fault hook: drop-app-notifications (the first of each device, then every second one)
      const count = (this.#seen.get(deviceId) ?? 0) + 1;
      this.#seen.set(deviceId, count);
      if (count % 2 === 1) return;
    }
    // fault hook: drop-some-notifications (one in 50, from the hub's seed)
    if (this.#faults.has('drop-some-notifications') && this.#someDropped.fire()) return;
    const text =
      method === 'properties_changed'
        ? `{"deviceId":${JSON.stringify(deviceId)},"items":${paramsText}}`
        : `{"deviceId":${JSON.stringify(deviceId)},"event":${paramsText}}`;
    this.#send(deviceId, `device.${method}`, text, 'notification', this.#faults.has('notify-unsubscribed'));
    // fault hook: star-leaks-ungranted ("*" of a list token relays devices it is not granted)
    if (this.#faults.has('star-leaks-ungranted'))
      for (const connection of this.#connections)
        if (connection.subscription.kind === 'all' && !connection.grant.covers(deviceId))
          connection.notify(`device.${method}`, text);
  }

  presence(deviceId: string, online: boolean): void {
    // fault hooks: no-app-presence, presence-twice
    if (this.#faults.has('no-app-presence')) return;
    const text = `{"deviceId":${JSON.stringify(deviceId)},"online":${online}}`;
    this.#send(deviceId, 'device.presence', text, 'presence', false);
    if (this.#faults.has('presence-twice')) this.#send(deviceId, 'device.presence', text, 'presence', false);
  }

  #send(
    deviceId: string,
    method: string,
    paramsText: string,
    delivery: Delivery,
    evenUnsubscribed: boolean,
  ): void {
    for (const connection of this.#connections) {
      const { grant } = connection;
      // fault hook: notify-unsubscribed (granted is still required: EDP-HUB-5 holds)
      const wanted = evenUnsubscribed
        ? grant.covers(deviceId)
        : subscribedTo(connection.subscription, grant, deviceId, delivery);
      if (wanted) connection.notify(method, paramsText);
    }
  }
}
