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

/** True when presence changed within `windowMs` before `atMs`, or between `atMs` and `untilMs`. */
export function presenceUncertain(
  changes: readonly PresenceChange[],
  atMs: number,
  untilMs: number,
  windowMs: number,
): boolean {
  return changes.some((c) => c.atMs > atMs - windowMs && c.atMs <= untilMs);
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
