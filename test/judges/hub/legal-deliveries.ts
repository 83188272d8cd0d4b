/**
 * Device notifications and presence as a correct hub delivers them (PROTOCOL.md section 8):
 * - devices send notifications in bursts; each reaches the hub 0..0.8 s later, then each
 *   subscribed connection once, in order, within 1 s (EDP-HUB-3); one just before an abrupt
 *   cut may be lost with it;
 * - a presence change reaches subscribers within 2 s of the device sending it (EDP-HUB-4).
 * Delivered once every subscription is known, so each frame goes to whoever was subscribed then.
 */
import type { AppFrame } from '../../../conformance/suites/hub/hub-run-record.js';
import type { Draws } from './hub-history-script.js';
import type { LegalHubWorld } from './legal-hub-world.js';

export interface SentNotification {
  readonly deviceId: string;
  readonly atMs: number;
  readonly method: string;
  readonly params: unknown;
  readonly lost: boolean;
}

/** A burst of 1..3 notifications `deviceId` sends from `t` while online, values from a small pool (so repeats are common). */
export function sendBurst(
  world: LegalHubWorld,
  deviceId: string,
  t: number,
  d: Draws,
  into: SentNotification[],
): void {
  const burst = 1 + Math.floor(d.next() * 3);
  let at = t;
  for (let i = 0; i < burst; i++, at += d.between(0, 20)) {
    if (!world.deviceOnline(deviceId, at)) break;
    const event = d.next() < 0.2;
    const method = event ? 'event_occurred' : 'properties_changed';
    const params = event
      ? { siid: 3, eiid: 1, arguments: [] }
      : [
          d.next() < 0.5
            ? { siid: 2, piid: 1, value: d.next() < 0.5 }
            : { siid: 2, piid: 2, value: Math.floor(d.next() * 4) },
        ];
    world.devices.get(deviceId)?.sent.push({ kind: 'notification', atMs: at, method, params });
    into.push({ deviceId, atMs: at, method, params, lost: false });
  }
}

/** A pseudo-random offset in [0, m) from a time (also for times before the session, which are negative). */
const spread = (atMs: number, factor: number, m: number) => (((atMs * factor) % m) + m) % m;

/**
 * `device.presence` frames for every change the hub learned after `startMs` (one made before it,
 * still in its window, included: legal-pre-session.ts), to each connection subscribed when the
 * hub learned it (it checks the subscription when it sends).
 */
export function deliverPresence(world: LegalHubWorld, startMs: number, frames: AppFrame[]): void {
  const presenceArrived = new Map<string, number>();
  for (const [deviceId, changes] of world.presence) {
    let learned = 0;
    for (const c of changes) {
      learned = Math.max(learned, c.learnedMs);
      // Learned before the session: no connection was open to be told.
      if (learned < startMs) continue;
      for (const connection of world.connections) {
        if (!world.subscribedAt(connection, deviceId, learned)) continue;
        const lane = `${connection} ${deviceId}`;
        const at = Math.max(presenceArrived.get(lane) ?? 0, learned + 0.1 + spread(c.atMs, 7, 40));
        presenceArrived.set(lane, at);
        frames.push({
          connection,
          atMs: at,
          message: { method: 'device.presence', params: { deviceId, online: c.online } },
        });
      }
    }
  }
}

/** Sorts `notifications` (the order devices sent them) and delivers each to its subscribers. */
export function deliverNotifications(
  world: LegalHubWorld,
  notifications: SentNotification[],
  frames: AppFrame[],
): void {
  const hubReceived = new Map<string, number>();
  const arrived = new Map<string, number>();
  // In the order the devices sent them (bursts of neighbouring steps interleave).
  notifications.sort((a, b) => a.atMs - b.atMs);
  for (const n of notifications) {
    const cut = (world.presence.get(n.deviceId) ?? []).find((c) => !c.online && c.atMs >= n.atMs);
    const cause = world.devices
      .get(n.deviceId)
      ?.sent.find((m) => m.kind === 'presence' && m.atMs === cut?.atMs && !m.online) as
      | { cause: string }
      | undefined;
    if (
      cut !== undefined &&
      cause?.cause === 'abrupt' &&
      cut.atMs - n.atMs <= 300 &&
      spread(n.atMs, 13, 2) < 1
    )
      continue;
    const delay = spread(n.atMs, 31, 800);
    const h = Math.max(hubReceived.get(n.deviceId) ?? 0, n.atMs + delay);
    hubReceived.set(n.deviceId, h);
    for (const connection of world.connections) {
      if (!world.subscribedAt(connection, n.deviceId, h)) continue;
      const lane = `${connection} ${n.deviceId}`;
      const at = Math.max(arrived.get(lane) ?? 0, h + spread(n.atMs, 17, 90));
      arrived.set(lane, at);
      const method = `device.${n.method}`;
      const params =
        n.method === 'event_occurred'
          ? { deviceId: n.deviceId, event: n.params }
          : { deviceId: n.deviceId, items: n.params };
      frames.push({ connection, atMs: at, message: { method, params } });
    }
  }
}
