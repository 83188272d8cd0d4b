/**
 * What the fleet's records say about one device: its presence changes and, for a request it
 * received, the response it sent. The hub's view of presence lags the device's by the time a
 * `state` message takes; `presenceUncertain` marks the window where either view is right.
 */
import type { DeviceRecords, ReceivedRequest, SentMessage } from '../fleet-port.js';
import type { HubRunRecord } from '../hub-run-record.js';
import { judgeLateBetween } from './judge-late.js';

export interface PresenceChange {
  readonly atMs: number;
  readonly online: boolean;
}

const EMPTY: DeviceRecords = { received: [], sent: [] };
/** Rounding between the device's record and the app's receipt (one clock). */
const HEARD_TOLERANCE_MS = 2;

export function recordsOf(record: HubRunRecord, deviceId: string): DeviceRecords {
  return record.devices.get(deviceId) ?? EMPTY;
}

/** Changes of presence (a record whose `online` differs from the one before), oldest first. */
export function presenceChanges(records: DeviceRecords): PresenceChange[] {
  const changes: PresenceChange[] = [];
  let online = false;
  for (const m of records.sent)
    if (m.kind === 'presence' && m.online !== online) {
      online = m.online;
      changes.push({ atMs: m.atMs, online });
    }
  return changes;
}

export function onlineAt(changes: readonly PresenceChange[], atMs: number): boolean {
  let online = false;
  for (const c of changes) if (c.atMs <= atMs) online = c.online;
  return online;
}

/** When an app connection first heard of a presence change (the hub knew by then), if it did. */
export type HeardAt = (change: PresenceChange) => number | undefined;

export function presenceHeard(
  record: HubRunRecord,
  deviceId: string,
  windowMs = Number.POSITIVE_INFINITY,
): HeardAt {
  // Each connection's presence notifications of the device answer its changes in order: one
  // answers the earliest change of its value not yet answered (never a later change's), so a
  // late `false` of an earlier offline does not pass for news of a later one. One it could only
  // answer past the presence limit (`windowMs`, widened by the judge's own lateness) answers the
  // earliest it came in time for, if any (issue 18: a connection subscribed after a comeback heard
  // `false` 1 ms after the device's next offline; that was its news, not the offline of 2.5 s before).
  const changes = presenceChanges(recordsOf(record, deviceId));
  const heard = new Map<number, number>();
  const byConnection = new Map<string, { atMs: number; online: boolean }[]>();
  for (const f of record.frames) {
    const m = f.message as
      | { method?: unknown; params?: { deviceId?: unknown; online?: unknown } }
      | undefined;
    if (
      m?.method === 'device.presence' &&
      m.params?.deviceId === deviceId &&
      typeof m.params.online === 'boolean'
    )
      byConnection.set(f.connection, [
        ...(byConnection.get(f.connection) ?? []),
        { atMs: f.atMs, online: m.params.online },
      ]);
  }
  for (const list of byConnection.values()) {
    let next = 0;
    for (const n of list) {
      const answers = (c: PresenceChange, i: number) =>
        i >= next && c.online === n.online && c.atMs <= n.atMs + HEARD_TOLERANCE_MS;
      const inTime = changes.findIndex(
        (c, i) => answers(c, i) && n.atMs <= c.atMs + windowMs + judgeLateBetween(record, c.atMs, n.atMs),
      );
      const j = inTime >= 0 ? inTime : changes.findIndex(answers);
      if (j < 0) continue;
      heard.set(j, Math.min(heard.get(j) ?? Number.POSITIVE_INFINITY, n.atMs));
      next = j + 1;
    }
  }
  return (change) => {
    const j = changes.findIndex((c) => c.atMs === change.atMs && c.online === change.online);
    return j < 0 ? undefined : heard.get(j);
  };
}

/**
 * True when the hub's view of presence may differ from the device's for a command sent at
 * `atMs` and answered at `untilMs`: a change came while it was in flight, or shortly before
 * (within `windowMs`, the presence limit of EDP-HUB-4) and no app had heard of it, nor of a
 * later change, yet. An app that heard of a later change (the hub announces changes in order)
 * knows the hub's view had taken this one in too (issue 18: a comeback just before a session,
 * then an offline the app heard of before its command, left the -4011 of a hub that forwards to
 * offline devices excused, so its in-run replay passed).
 *
 * The window is measured from when the judge's process could have passed the change on: the
 * broker and the fleet run in it, so a loop that stalled after the device's record held the
 * `state` message back from the hub as long (`lateBetween`, the judge's lateness between two
 * moments; issue 18: after a 2.6 s stall the comeback and the next command reached the hub
 * together, and its -4010 of that moment was judged against the device's record).
 */
export function presenceUncertain(
  changes: readonly PresenceChange[],
  atMs: number,
  untilMs: number,
  windowMs: number,
  heardAt: HeardAt = () => undefined,
  lateBetween: (fromMs: number, toMs: number) => number = () => 0,
): boolean {
  let knownBy = Number.POSITIVE_INFINITY;
  const settledBy: number[] = [];
  for (let i = changes.length - 1; i >= 0; i--) {
    knownBy = Math.min(knownBy, heardAt(changes[i] as PresenceChange) ?? Number.POSITIVE_INFINITY);
    settledBy[i] = knownBy;
  }
  return changes.some(
    (c, i) =>
      c.atMs <= untilMs &&
      atMs < Math.min(c.atMs + windowMs + lateBetween(c.atMs, atMs), settledBy[i] as number),
  );
}

/** Requests the device received from the hub during the run. */
export function requestsInRun(record: HubRunRecord, deviceId: string): ReceivedRequest[] {
  return recordsOf(record, deviceId).received.filter(
    (r) => r.atMs >= record.startMs && r.atMs <= record.endMs,
  );
}

export type DeviceResponse = Extract<SentMessage, { kind: 'response' }>;

/** The first response the device sent to `request` (same id, after it). */
export function responseTo(records: DeviceRecords, request: ReceivedRequest): DeviceResponse | undefined {
  for (const m of records.sent)
    if (m.kind === 'response' && m.atMs >= request.atMs && m.requestId === request.id) return m;
  return undefined;
}

/** The device notifications sent during the run, oldest first. */
export function notificationsInRun(
  record: HubRunRecord,
  deviceId: string,
): Extract<SentMessage, { kind: 'notification' }>[] {
  const out: Extract<SentMessage, { kind: 'notification' }>[] = [];
  for (const m of recordsOf(record, deviceId).sent)
    if (m.kind === 'notification' && m.atMs >= record.startMs && m.atMs <= record.endMs) out.push(m);
  return out;
}
