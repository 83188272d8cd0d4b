/**
 * What the single-fault mutators share: copying a record, finding the frames and requests a
 * fault can touch, and reading from the record alone (never the judge) where the protocol leaves
 * no doubt (a connection surely subscribed, a notification surely owed).
 */
import type { ReceivedRequest, SentMessage } from '../../../conformance/suites/hub/fleet-port.js';
import type { HubRuleId } from '../../../conformance/suites/hub/hub-rule-ids.js';
import type { AppFrame, AppRequest, HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import type { LegalHistory } from './legal-hub-history.js';

export interface HubMutator {
  readonly name: string;
  readonly rule: HubRuleId;
  /** The mutant, or undefined when this history has no place for the fault; `pick` in [0, 1) chooses the place. */
  readonly apply: (history: LegalHistory, pick: number) => HubRunRecord | undefined;
  /** How many histories to try, where the default finds too few places for the fault. */
  readonly runs?: number;
}

export type Message = Record<string, unknown>;
export const msg = (f: AppFrame) => (f.message ?? {}) as Message;
export const paramsOf = (f: AppFrame) => (msg(f).params ?? {}) as Message;
export const choose = <T>(items: readonly T[], pick: number): T | undefined =>
  items[Math.floor(pick * items.length)];

export type MutableRecord = Omit<HubRunRecord, 'frames' | 'requests' | 'devices'> & {
  frames: AppFrame[];
  requests: AppRequest[];
  devices: Map<string, { received: ReceivedRequest[]; sent: SentMessage[] }>;
};

/** A copy whose arrays and device records may be changed without touching the original. */
export function copy(record: HubRunRecord): MutableRecord {
  return {
    ...record,
    frames: [...record.frames],
    requests: [...record.requests],
    devices: new Map(
      [...record.devices].map(([id, d]) => [id, { received: [...d.received], sent: [...d.sent] }]),
    ),
  };
}

/** The device sent this notification (method and params) once only: a frame carrying it can answer no other. */
export function sentOnce(record: HubRunRecord, f: AppFrame): boolean {
  const p = paramsOf(f);
  const inner = JSON.stringify(msg(f).method === 'device.event_occurred' ? p.event : p.items);
  const method = String(msg(f).method).replace('device.', '');
  return (
    (record.devices.get(p.deviceId as string)?.sent ?? []).filter(
      (m) => m.kind === 'notification' && m.method === method && JSON.stringify(m.params) === inner,
    ).length === 1
  );
}

/**
 * Whether a presence frame's value is also that of a change the device made just before the
 * session (still in its 2 s window): a repeat of the frame may then be that change delivered late,
 * which is legal (in flight at the session's start, never owed; issue 18), not a duplicate.
 */
export function echoesInFlightPresence(record: HubRunRecord, f: AppFrame): boolean {
  const p = paramsOf(f);
  return (record.devices.get(p.deviceId as string)?.sent ?? []).some(
    (m) =>
      m.kind === 'presence' &&
      m.online === p.online &&
      m.atMs < record.startMs &&
      m.atMs >= record.startMs - 2_100,
  );
}

export function sortFrames(frames: AppFrame[]): AppFrame[] {
  return frames.sort((a, b) => a.atMs - b.atMs);
}

export function responseFrame(record: HubRunRecord, request: AppRequest): AppFrame | undefined {
  return record.frames.find((f) => f.connection === request.connection && msg(f).id === request.id);
}

export const errorCode = (f: AppFrame | undefined) =>
  ((msg(f ?? { connection: '', atMs: 0 }).error ?? {}) as Message).code;

/**
 * Whether `connection` is surely subscribed to `deviceId` (`yes`) or surely not (`no`) from
 * `fromMs` to `toMs`: no subscribe of that connection near the span, and the last one before it
 * answered `{}` with a set that holds the device (or none, or an error: the set before).
 */
export function steadily(
  record: HubRunRecord,
  connection: string,
  deviceId: string,
  fromMs: number,
  toMs: number,
): 'yes' | 'no' | 'unsure' {
  const subscribes = record.requests
    .filter((r) => r.connection === connection && r.intent.kind === 'subscribe')
    .sort((a, b) => a.sentAtMs - b.sentAtMs);
  if (subscribes.some((r) => r.sentAtMs >= fromMs - 200 && r.sentAtMs <= toMs)) return 'unsure';
  let set: readonly string[] | '*' = [];
  for (const r of subscribes) {
    if (r.sentAtMs > fromMs || r.intent.kind !== 'subscribe') continue;
    const answer = responseFrame(record, r);
    if (answer === undefined || answer.atMs > fromMs - 100) return 'unsure';
    if (Object.hasOwn(msg(answer), 'result')) set = r.intent.deviceIds;
  }
  const app = connection.replace(/#\d+$/, '');
  const subscribed =
    set === '*'
      ? record.grants.get(app) === '*' && record.fleetIds.includes(deviceId)
      : set.includes(deviceId);
  return subscribed ? 'yes' : 'no';
}

/** An abrupt cut of the device within 600 ms after `atMs`: what it sent just before may be lost. */
export function cutSoonAfter(record: HubRunRecord, deviceId: string, atMs: number): boolean {
  return (record.devices.get(deviceId)?.sent ?? []).some(
    (m) =>
      m.kind === 'presence' && !m.online && m.cause === 'abrupt' && m.atMs >= atMs && m.atMs - atMs <= 600,
  );
}

export function isGranted(record: HubRunRecord, app: string, deviceId: string): boolean {
  const g = record.grants.get(app);
  return g === '*' ? record.fleetIds.includes(deviceId) : (g ?? []).includes(deviceId);
}

export const isNotification = (f: AppFrame) =>
  msg(f).method === 'device.properties_changed' || msg(f).method === 'device.event_occurred';
export const isPresence = (f: AppFrame) => msg(f).method === 'device.presence';

/** Device notifications (or presence changes) a connection surely had to get, with the frame that delivered it. */
export function owedFrames(record: HubRunRecord, presence: boolean): AppFrame[] {
  const window = presence ? 2_000 : 1_000;
  return record.frames.filter((f) => {
    if (presence ? !isPresence(f) : !isNotification(f)) return false;
    const deviceId = paramsOf(f).deviceId as string;
    // The device's message this frame carries: the latest one before it with that content.
    const p = paramsOf(f);
    const inner = JSON.stringify(msg(f).method === 'device.event_occurred' ? p.event : p.items);
    const source = [...(record.devices.get(deviceId)?.sent ?? [])]
      .reverse()
      .find(
        (m) =>
          m.atMs <= f.atMs &&
          (presence
            ? m.kind === 'presence' && m.online === p.online
            : m.kind === 'notification' && JSON.stringify(m.params) === inner),
      );
    if (source === undefined) return false;
    return (
      steadily(record, f.connection, deviceId, source.atMs, source.atMs + window + 100) === 'yes' &&
      !cutSoonAfter(record, deviceId, source.atMs)
    );
  });
}

export function commandsAnswered(record: HubRunRecord, test: (f: AppFrame, r: AppRequest) => boolean) {
  return record.requests.flatMap((r) => {
    const f = responseFrame(record, r);
    return f !== undefined && test(f, r) ? [{ request: r, frame: f }] : [];
  });
}

/** Whether the device a command names received it (between the request and the app's answer) and answered it. */
export function deviceAnswered(record: HubRunRecord, r: AppRequest, f: AppFrame): boolean {
  if (r.intent.kind !== 'device-command') return false;
  const records = record.devices.get(r.intent.deviceId);
  return (records?.received ?? []).some(
    (x) =>
      x.atMs >= r.sentAtMs &&
      x.atMs <= f.atMs &&
      records?.sent.some((m) => m.kind === 'response' && m.requestId === x.id && m.atMs >= x.atMs) === true,
  );
}

export function replaceFrame(record: HubRunRecord, from: AppFrame, to: AppFrame | undefined): HubRunRecord {
  const out = copy(record);
  const i = out.frames.indexOf(from);
  if (to === undefined) out.frames.splice(i, 1);
  else out.frames[i] = to;
  sortFrames(out.frames);
  return out;
}

/** The device request a forwarded command's result came from (the device's answer equals the app's result). */
export function forwardedWithResult(record: HubRunRecord) {
  return commandsAnswered(
    record,
    (f, r) => r.intent.kind === 'device-command' && Object.hasOwn(msg(f), 'result'),
  ).flatMap(({ request, frame }) => {
    const deviceId = (request.intent as { deviceId: string }).deviceId;
    const d = record.devices.get(deviceId);
    // Only a command no other command to that device repeats (method and params): its request is surely its own.
    const twins = record.requests.filter(
      (r) =>
        r !== request &&
        r.intent.kind === 'device-command' &&
        r.intent.deviceId === deviceId &&
        r.intent.method === (request.intent as { method: string }).method &&
        (r.intent.method === 'get_model' ||
          JSON.stringify(r.intent.deviceParams) ===
            JSON.stringify((request.intent as { deviceParams: unknown }).deviceParams)),
    );
    if (twins.length > 0) return [];
    const received = d?.received.find(
      (x) =>
        x.atMs >= request.sentAtMs &&
        x.atMs <= frame.atMs &&
        d.sent.some((m) => m.kind === 'response' && m.requestId === x.id && m.atMs <= frame.atMs) &&
        x.method === (request.intent as { method: string }).method,
    );
    return received === undefined ? [] : [{ request, frame, deviceId, received }];
  });
}

export function record_grant(record: HubRunRecord, app: string) {
  return record.grants.get(app);
}

/** A "*" token's request naming a ghost: the protocol leaves granted or refused open there. */
export function isGhostForStar(h: LegalHistory, r: AppRequest): boolean {
  if (h.record.grants.get(r.app) !== '*') return false;
  const ids =
    r.intent.kind === 'device-command'
      ? [r.intent.deviceId]
      : r.intent.kind === 'subscribe' && r.intent.deviceIds !== '*'
        ? r.intent.deviceIds
        : [];
  return ids.some((id) => h.ghosts.includes(id));
}

/** A forwarded command whose device answered within 300 ms, steady presence around it, answered -4010 or -4011 instead. */
export function gaveUpThoughAnswered(
  h: LegalHistory,
  pick: number,
  code: -4010 | -4011,
): HubRunRecord | undefined {
  const targets = forwardedWithResult(h.record).filter(({ request, frame, deviceId, received }) => {
    const sent = h.record.devices.get(deviceId)?.sent ?? [];
    const answer = sent.find((m) => m.kind === 'response' && m.requestId === received.id);
    return (
      answer !== undefined &&
      answer.atMs - received.atMs <= 300 &&
      !sent.some(
        (m) =>
          m.kind === 'presence' &&
          m.atMs >= request.sentAtMs - 3_000 &&
          m.atMs <= Math.max(frame.atMs, request.sentAtMs + h.record.deadlineMs) + 1_000,
      )
    );
  });
  const target = choose(targets, pick);
  if (target === undefined) return undefined;
  return replaceFrame(h.record, target.frame, {
    ...target.frame,
    atMs: code === -4010 ? target.frame.atMs : target.request.sentAtMs + h.record.deadlineMs + 50,
    message: {
      id: target.request.id,
      error: { code, message: code === -4010 ? 'device offline' : 'timeout' },
    },
  });
}
