/**
 * EDP-HUB-3 (and -5 for devices not granted): every device notification reaches every
 * connection subscribed to that device within 1 s, once, in the device's order, as
 * `device.properties_changed { deviceId, items }` / `device.event_occurred { deviceId, event }`
 * with the device's params verbatim (equal as parsed JSON); no other connection gets it.
 */
import { jsonEqual } from '../../../judge/value-equality.js';
import type { DeviceRecords } from '../fleet-port.js';
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { HubRunRecord } from '../hub-run-record.js';
import { describeFrame, type SortedAppMessages } from './app-messages.js';
import { type DeliveryJudgement, type Got, judgeDeliveries } from './deliveries.js';
import { notificationsInRun, recordsOf } from './device-view.js';
import { appOfConnection, mayReach } from './grants.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { inFlightAtStart, inFlightCoverage } from './in-flight.js';
import { judgeLateBetween } from './judge-late.js';
import type { SubscriptionTimeline } from './subscriptions.js';

interface DeviceNotification {
  readonly method: string;
  readonly params: unknown;
}

const same = (a: DeviceNotification, b: DeviceNotification) =>
  a.method === b.method && jsonEqual(a.params, b.params);

/** A device cut abruptly loses what it had not yet written out: notifications this close before the cut. */
const ABRUPT_LOSS_MS = 500;

function lostWithAbruptDrop(records: DeviceRecords): (atMs: number) => boolean {
  const cuts = records.sent.filter((m) => m.kind === 'presence' && !m.online && m.cause === 'abrupt');
  return (atMs) => cuts.some((c) => c.atMs >= atMs && c.atMs - atMs <= ABRUPT_LOSS_MS);
}

export function judgeNotifications(
  record: HubRunRecord,
  sorted: SortedAppMessages,
  subscriptions: SubscriptionTimeline,
  t: ResolvedHubTimeouts,
): DeliveryJudgement {
  const violations: HubViolation[] = [];
  let pendingUntilMs: number | undefined;
  const silent = new Map<string, readonly HubViolation[]>();
  for (const connection of record.connections) {
    const app = appOfConnection(record, connection.name);
    const got = new Map<string, Got<DeviceNotification>[]>();
    for (const n of sorted.notifications.get(connection.name) ?? []) {
      if (n.method === 'device.presence') continue;
      const p = n.params as Record<string, unknown> | null;
      const deviceId = typeof p === 'object' && p !== null ? p.deviceId : undefined;
      const inner = n.method === 'device.properties_changed' ? p?.items : p?.event;
      if (typeof deviceId !== 'string' || inner === undefined) {
        violations.push(
          hubViolation(
            'EDP-HUB-3',
            `${n.method} carries { deviceId, ${n.method === 'device.properties_changed' ? 'items' : 'event'} }`,
            `${connection.name} got ${describeFrame(n.frame)}`,
            { lane: connection.name, atMs: n.frame.atMs },
          ),
        );
        continue;
      }
      const method = n.method === 'device.properties_changed' ? 'properties_changed' : 'event_occurred';
      const list = got.get(deviceId) ?? [];
      list.push({ atMs: n.frame.atMs, value: { method, params: inner }, text: describeFrame(n.frame) });
      got.set(deviceId, list);
    }
    const devices = new Set([...record.fleetIds, ...got.keys()]);
    for (const deviceId of devices) {
      const inFlight = notificationsInFlight(record, deviceId, t.notificationMs);
      const sent = [...inFlight, ...notificationsInRun(record, deviceId)].map((m) => ({
        atMs: m.atMs,
        value: { method: m.method, params: m.params },
      }));
      const judged = judgeDeliveries({
        connection: connection.name,
        deviceId,
        what: 'notification',
        sent,
        got: got.get(deviceId) ?? [],
        same,
        windowMs: t.notificationMs,
        endMs: record.endMs,
        // Widened by a stall of fleetcert's process, as presence is (presence.ts). One sent before
        // the session is in flight at its start (in-flight.ts): never owed, deliverable if the
        // connection was subscribed at some moment of its window.
        coverage: (atMs) => {
          const windowEndMs =
            atMs + t.notificationMs + judgeLateBetween(record, atMs, atMs + t.notificationMs);
          return atMs < record.startMs
            ? inFlightCoverage(record, subscriptions, connection.name, deviceId, atMs, windowEndMs)
            : subscriptions.coverage(connection.name, deviceId, atMs, windowEndMs);
        },
        granted: mayReach(record, app, deviceId),
        judgeLate: (fromMs, toMs) => judgeLateBetween(record, fromMs, toMs),
        mayBeLost: lostWithAbruptDrop(recordsOf(record, deviceId)),
        rule: 'EDP-HUB-3',
      });
      violations.push(...judged.violations);
      for (const [k, v] of judged.silent ?? []) silent.set(k, v);
      if (judged.pendingUntilMs !== undefined)
        pendingUntilMs = Math.max(pendingUntilMs ?? 0, judged.pendingUntilMs);
    }
  }
  return pendingUntilMs === undefined ? { violations, silent } : { violations, pendingUntilMs, silent };
}

/** The device's notifications in flight at the session's start (in-flight.ts), oldest first. */
function notificationsInFlight(record: HubRunRecord, deviceId: string, windowMs: number) {
  return recordsOf(record, deviceId).sent.filter(
    (m): m is Extract<typeof m, { kind: 'notification' }> =>
      m.kind === 'notification' &&
      inFlightAtStart(record, m.atMs, windowMs, (from, to) => judgeLateBetween(record, from, to)),
  );
}
