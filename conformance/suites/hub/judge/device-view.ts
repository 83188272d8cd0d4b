/**
 * What the fleet's records say about one device: its presence changes and, for a request it
 * received, the response it sent. The hub's view of presence lags the device's by the time a
 * `state` message takes; `presenceUncertain` marks the window where either view is right.
 */
import type { DeviceRecords, ReceivedRequest, SentMessage } from '../fleet-port.js';
import type { HubRunRecord } from '../hub-run-record.js';

export interface PresenceChange {
  readonly atMs: number;
  readonly online: boolean;
}

const EMPTY: DeviceRecords = { received: [], sent: [] };

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

export function presenceHeard(record: HubRunRecord, deviceId: string): HeardAt {
  const heard: { atMs: number; online: boolean }[] = [];
  for (const f of record.frames) {
    const m = f.message as
      | { method?: unknown; params?: { deviceId?: unknown; online?: unknown } }
      | undefined;
    if (
      m?.method === 'device.presence' &&
      m.params?.deviceId === deviceId &&
      typeof m.params.online === 'boolean'
    )
      heard.push({ atMs: f.atMs, online: m.params.online });
  }
  return (change) => heard.find((h) => h.online === change.online && h.atMs >= change.atMs)?.atMs;
}

/**
 * True when the hub's view of presence may differ from the device's for a command sent at
 * `atMs` and answered at `untilMs`: a change came while it was in flight, or shortly before
 * (within `windowMs`, the presence limit of EDP-HUB-4) and no app had heard of it yet.
 */
export function presenceUncertain(
  changes: readonly PresenceChange[],
  atMs: number,
  untilMs: number,
  windowMs: number,
  heardAt: HeardAt = () => undefined,
): boolean {
  return changes.some(
    (c) => c.atMs <= untilMs && atMs < Math.min(c.atMs + windowMs, heardAt(c) ?? Number.POSITIVE_INFINITY),
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
