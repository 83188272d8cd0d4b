/**
 * EDP-HUB-4 (and -5 for devices not granted): each change of a device's presence reaches every
 * connection subscribed to it within 2 s as `device.presence { deviceId, online }`, and only a
 * change does: a presence that repeats the hub's view, or that no change caused, is a violation.
 */
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { HubRunRecord } from '../hub-run-record.js';
import { describeFrame, type SortedAppMessages } from './app-messages.js';
import { type DeliveryJudgement, type Got, judgeDeliveries } from './deliveries.js';
import { presenceChanges, recordsOf } from './device-view.js';
import { appOfConnection, mayReach } from './grants.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { inFlightAtStart, inFlightCoverage } from './in-flight.js';
import { judgeLateBetween } from './judge-late.js';
import type { SubscriptionTimeline } from './subscriptions.js';

export function judgePresence(
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
    const got = new Map<string, Got<boolean>[]>();
    for (const n of sorted.notifications.get(connection.name) ?? []) {
      if (n.method !== 'device.presence') continue;
      const p = n.params as Record<string, unknown> | null;
      if (
        typeof p !== 'object' ||
        p === null ||
        typeof p.deviceId !== 'string' ||
        typeof p.online !== 'boolean'
      ) {
        violations.push(
          hubViolation(
            'EDP-HUB-4',
            'device.presence carries { deviceId, online }',
            `${connection.name} got ${describeFrame(n.frame)}`,
            {
              lane: connection.name,
              atMs: n.frame.atMs,
            },
          ),
        );
        continue;
      }
      const list = got.get(p.deviceId) ?? [];
      list.push({ atMs: n.frame.atMs, value: p.online, text: describeFrame(n.frame) });
      got.set(p.deviceId, list);
    }
    const devices = new Set([...record.fleetIds, ...got.keys()]);
    for (const deviceId of devices) {
      const sent = presenceChanges(recordsOf(record, deviceId))
        // Changes in flight at the session's start (in-flight.ts) come first: never owed.
        .filter(
          (c) =>
            (c.atMs >= record.startMs && c.atMs <= record.endMs) ||
            inFlightAtStart(record, c.atMs, t.presenceMs, (from, to) => judgeLateBetween(record, from, to)),
        )
        .map((c) => ({ atMs: c.atMs, value: c.online }));
      const judged = judgeDeliveries({
        connection: connection.name,
        deviceId,
        what: 'presence change',
        sent,
        got: got.get(deviceId) ?? [],
        same: (a, b) => a === b,
        windowMs: t.presenceMs,
        endMs: record.endMs,
        // The hub may take the change in up to the window after fleetcert's process could pass it
        // on (the broker runs in it): a stall widens the span a subscribe may have come in.
        coverage: (atMs) => {
          const windowEndMs = atMs + t.presenceMs + judgeLateBetween(record, atMs, atMs + t.presenceMs);
          return atMs < record.startMs
            ? inFlightCoverage(record, subscriptions, connection.name, deviceId, atMs, windowEndMs)
            : subscriptions.coverage(connection.name, deviceId, atMs, windowEndMs);
        },
        granted: mayReach(record, app, deviceId),
        judgeLate: (fromMs, toMs) => judgeLateBetween(record, fromMs, toMs),
        rule: 'EDP-HUB-4',
      });
      violations.push(...judged.violations);
      for (const [k, v] of judged.silent ?? []) silent.set(k, v);
      if (judged.pendingUntilMs !== undefined)
        pendingUntilMs = Math.max(pendingUntilMs ?? 0, judged.pendingUntilMs);
    }
  }
  return pendingUntilMs === undefined ? { violations, silent } : { violations, pendingUntilMs, silent };
}
