/**
 * Single-fault mutators of legal hub histories: each breaks exactly one rule of section 8 (the
 * one it names) in one place, and applies only where the protocol leaves no doubt that it does
 * (a dropped notification only where the connection was subscribed throughout its window, a
 * late answer later than any window allows). Written from the protocol, not from the judge.
 */
import type {
  DeviceRecords,
  ReceivedRequest,
  SentMessage,
} from '../../../conformance/suites/hub/fleet-port.js';
import type { HubRuleId } from '../../../conformance/suites/hub/hub-rule-ids.js';
import type { AppFrame, AppRequest, HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import type { LegalHistory } from './legal-hub-history.js';

export interface HubMutator {
  readonly name: string;
  readonly rule: HubRuleId;
  /** The mutant, or undefined when this history has no place for the fault; `pick` in [0, 1) chooses the place. */
  readonly apply: (history: LegalHistory, pick: number) => HubRunRecord | undefined;
}

type Message = Record<string, unknown>;
const msg = (f: AppFrame) => (f.message ?? {}) as Message;
const paramsOf = (f: AppFrame) => (msg(f).params ?? {}) as Message;
const choose = <T>(items: readonly T[], pick: number): T | undefined =>
  items[Math.floor(pick * items.length)];

type MutableRecord = Omit<HubRunRecord, 'frames' | 'requests' | 'devices'> & {
  frames: AppFrame[];
  requests: AppRequest[];
  devices: Map<string, { received: ReceivedRequest[]; sent: SentMessage[] }>;
};

/** A copy whose arrays and device records may be changed without touching the original. */
function copy(record: HubRunRecord): MutableRecord {
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
function sentOnce(record: HubRunRecord, f: AppFrame): boolean {
  const p = paramsOf(f);
  const inner = JSON.stringify(msg(f).method === 'device.event_occurred' ? p.event : p.items);
  const method = String(msg(f).method).replace('device.', '');
  return (
    (record.devices.get(p.deviceId as string)?.sent ?? []).filter(
      (m) => m.kind === 'notification' && m.method === method && JSON.stringify(m.params) === inner,
    ).length === 1
  );
}

function sortFrames(frames: AppFrame[]): AppFrame[] {
  return frames.sort((a, b) => a.atMs - b.atMs);
}

function responseFrame(record: HubRunRecord, request: AppRequest): AppFrame | undefined {
  return record.frames.find((f) => f.connection === request.connection && msg(f).id === request.id);
}

const errorCode = (f: AppFrame | undefined) =>
  ((msg(f ?? { connection: '', atMs: 0 }).error ?? {}) as Message).code;

/**
 * Whether `connection` is surely subscribed to `deviceId` (`yes`) or surely not (`no`) from
 * `fromMs` to `toMs`: no subscribe of that connection near the span, and the last one before it
 * answered `{}` with a set that holds the device (or none, or an error: the set before).
 */
function steadily(
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
function cutSoonAfter(record: HubRunRecord, deviceId: string, atMs: number): boolean {
  return (record.devices.get(deviceId)?.sent ?? []).some(
    (m) =>
      m.kind === 'presence' && !m.online && m.cause === 'abrupt' && m.atMs >= atMs && m.atMs - atMs <= 600,
  );
}

function isGranted(record: HubRunRecord, app: string, deviceId: string): boolean {
  const g = record.grants.get(app);
  return g === '*' ? record.fleetIds.includes(deviceId) : (g ?? []).includes(deviceId);
}

const isNotification = (f: AppFrame) =>
  msg(f).method === 'device.properties_changed' || msg(f).method === 'device.event_occurred';
const isPresence = (f: AppFrame) => msg(f).method === 'device.presence';

/** Device notifications (or presence changes) a connection surely had to get, with the frame that delivered it. */
function owedFrames(record: HubRunRecord, presence: boolean): AppFrame[] {
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

function commandsAnswered(record: HubRunRecord, test: (f: AppFrame, r: AppRequest) => boolean) {
  return record.requests.flatMap((r) => {
    const f = responseFrame(record, r);
    return f !== undefined && test(f, r) ? [{ request: r, frame: f }] : [];
  });
}

function replaceFrame(record: HubRunRecord, from: AppFrame, to: AppFrame | undefined): HubRunRecord {
  const out = copy(record);
  const i = out.frames.indexOf(from);
  if (to === undefined) out.frames.splice(i, 1);
  else out.frames[i] = to;
  sortFrames(out.frames);
  return out;
}

/** The device request a forwarded command's result came from (the device's answer equals the app's result). */
function forwardedWithResult(record: HubRunRecord) {
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

export const HUB_MUTATORS: readonly HubMutator[] = [
  // EDP-HUB-1: a command reaches exactly its device, once, params verbatim; the app gets its answer.
  {
    name: 'forward the command twice',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(forwardedWithResult(h.record), pick);
      if (target === undefined) return undefined;
      const out = copy(h.record);
      const d = out.devices.get(target.deviceId);
      d?.received.push({ ...target.received, id: 7_777_777, atMs: target.received.atMs + 1 });
      d?.received.sort((a, b) => a.atMs - b.atMs);
      return out;
    },
  },
  {
    name: 'change the forwarded params',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(
        forwardedWithResult(h.record).filter((t) => t.received.method !== 'get_model'),
        pick,
      );
      if (target === undefined) return undefined;
      const out = copy(h.record);
      const d = out.devices.get(target.deviceId);
      if (d === undefined) return undefined;
      d.received[d.received.indexOf(target.received)] = {
        ...target.received,
        params: [{ siid: 9, piid: 9 }],
      };
      return out;
    },
  },
  {
    name: 'send the app another answer than the device gave',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(forwardedWithResult(h.record), pick);
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: { altered: true } },
      });
    },
  },
  {
    name: 'reuse a device request id within 60 s',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const devices = [...h.record.devices].filter(([, d]) => d.received.length >= 2);
      const chosen = choose(devices, pick);
      if (chosen === undefined) return undefined;
      const out = copy(h.record);
      const d = out.devices.get(chosen[0]);
      if (d === undefined) return undefined;
      const [first, second] = d.received as [ReceivedRequest, ReceivedRequest];
      d.received[1] = { ...second, id: first.id };
      d.sent = d.sent.map((m) =>
        m.kind === 'response' && m.requestId === second.id
          ? { ...m, requestId: first.id, message: { ...(m.message as object), id: first.id } }
          : m,
      );
      return out;
    },
  },
  {
    name: 'misroute the answer to another connection',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(forwardedWithResult(h.record), pick);
      if (target === undefined) return undefined;
      // To a connection that sent no request with that id: the answer is surely no answer of its own.
      const other = h.record.connections.find(
        (c) =>
          c.name !== target.request.connection &&
          !h.record.requests.some((r) => r.connection === c.name && r.id === target.request.id),
      )?.name;
      if (other === undefined) return undefined;
      return replaceFrame(h.record, target.frame, { ...target.frame, connection: other });
    },
  },
  {
    name: 'answer -4010 though the device answered, no presence change near',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => gaveUpThoughAnswered(h, pick, -4010),
  },
  {
    name: 'answer -4011 at D though the device answered at once',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => gaveUpThoughAnswered(h, pick, -4011),
  },
  // EDP-HUB-2: offline -4010 within 2 s, no answer -4011 in [D, D + 1 s], one response each.
  {
    name: 'answer a request twice',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, () => true),
        pick,
      );
      if (target === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push({ ...target.frame, atMs: target.frame.atMs + 1 });
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'drop an error response',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => [-4010, -4011, -32602].includes(errorCode(f) as number)),
        pick,
      );
      return target === undefined ? undefined : replaceFrame(h.record, target.frame, undefined);
    },
  },
  {
    name: 'answer -4011 after D + 1 s',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => errorCode(f) === -4011),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        atMs: target.request.sentAtMs + h.record.deadlineMs + 1_200,
      });
    },
  },
  {
    name: 'answer -4011 before D',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => errorCode(f) === -4011),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        atMs: target.request.sentAtMs + h.record.deadlineMs / 2,
      });
    },
  },
  {
    name: 'answer -4011 instead of -4010 for a device long offline',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f, r) => {
          if (errorCode(f) !== -4010 || r.intent.kind !== 'device-command') return false;
          const id = r.intent.deviceId;
          // Offline, and no presence change within 3 s before the request or until its answer.
          const sent = h.record.devices.get(id)?.sent ?? [];
          const presence = sent.filter((m) => m.kind === 'presence');
          const last = presence.filter((m) => m.atMs <= r.sentAtMs).at(-1);
          return (
            (last === undefined ||
              (!(last as { online: boolean }).online && last.atMs < r.sentAtMs - 3_000)) &&
            !presence.some((m) => m.atMs > r.sentAtMs && m.atMs <= r.sentAtMs + h.record.deadlineMs + 1_500)
          );
        }),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        atMs: target.request.sentAtMs + h.record.deadlineMs + 200,
        message: { id: target.request.id, error: { code: -4011, message: 'device did not answer' } },
      });
    },
  },
  {
    name: 'answer bad params with another code',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => errorCode(f) === -32602),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, error: { code: -32600, message: 'invalid request' } },
      });
    },
  },
  {
    name: 'send an app a frame that is not JSON',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const out = copy(h.record);
      const c = choose(out.connections, pick);
      if (c === undefined) return undefined;
      out.frames.push({ connection: c.name, atMs: 50 + pick * 1_000, raw: '{"id": 1,' });
      sortFrames(out.frames);
      return out;
    },
  },
  // EDP-HUB-3: every notification to every subscribed connection, once, in order, within 1 s; no other.
  {
    name: 'drop a notification owed to a subscriber',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, false), pick);
      return f === undefined ? undefined : replaceFrame(h.record, f, undefined);
    },
  },
  {
    name: 'deliver a notification twice',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const f = choose(
        h.record.frames.filter((x) => isNotification(x) && sentOnce(h.record, x)),
        pick,
      );
      if (f === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push({ ...f, atMs: f.atMs + 0.5 });
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'deliver a notification after 1 s',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, false), pick);
      return f === undefined ? undefined : replaceFrame(h.record, f, { ...f, atMs: f.atMs + 1_100 });
    },
  },
  {
    name: 'reorder two notifications of one device',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const owed = owedFrames(h.record, false);
      const pairs = owed.flatMap((a, i) => {
        const b = owed
          .slice(i + 1)
          .find(
            (x) =>
              x.connection === a.connection &&
              isNotification(x) &&
              paramsOf(x).deviceId === paramsOf(a).deviceId,
          );
        return b !== undefined && JSON.stringify(msg(a)) !== JSON.stringify(msg(b)) ? [[a, b] as const] : [];
      });
      const pair = choose(pairs, pick);
      if (pair === undefined) return undefined;
      const [a, b] = pair;
      const out = copy(h.record);
      out.frames[out.frames.indexOf(a)] = { ...a, message: b.message };
      out.frames[out.frames.indexOf(b)] = { ...b, message: a.message };
      return out;
    },
  },
  {
    name: 'notify a connection not subscribed to the device',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const leaks = h.record.frames
        .filter((x) => isNotification(x) && sentOnce(h.record, x))
        .flatMap((f) => {
          const deviceId = paramsOf(f).deviceId as string;
          return h.record.connections
            .filter(
              (c) =>
                isGranted(h.record, c.app, deviceId) &&
                steadily(h.record, c.name, deviceId, f.atMs - 1_100, f.atMs + 1_100) === 'no' &&
                !h.record.frames.some(
                  (x) => x.connection === c.name && isNotification(x) && paramsOf(x).deviceId === deviceId,
                ),
            )
            .map((c) => ({ ...f, connection: c.name }));
        });
      const leak = choose(leaks, pick);
      if (leak === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push(leak);
      sortFrames(out.frames);
      return out;
    },
  },
  // EDP-HUB-4: presence changes reach subscribers within 2 s.
  {
    name: 'drop a presence change owed to a subscriber',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, true), pick);
      return f === undefined ? undefined : replaceFrame(h.record, f, undefined);
    },
  },
  {
    name: 'deliver a presence change twice',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(h.record.frames.filter(isPresence), pick);
      if (f === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push({ ...f, atMs: f.atMs + 0.5 });
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'deliver a presence change after 2 s',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, true), pick);
      return f === undefined ? undefined : replaceFrame(h.record, f, { ...f, atMs: f.atMs + 2_100 });
    },
  },
  {
    name: 'announce the wrong presence',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, true), pick);
      if (f === undefined) return undefined;
      const p = paramsOf(f);
      return replaceFrame(h.record, f, { ...f, message: { ...msg(f), params: { ...p, online: !p.online } } });
    },
  },
  // EDP-HUB-5: a token sees only its devices.
  {
    name: 'list a device not granted',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) =>
            r.intent.kind === 'list' &&
            record_grant(h.record, r.app) !== '*' &&
            h.fleetIds.some((id) => !isGranted(h.record, r.app, id)) &&
            Array.isArray(msg(f).result),
        ),
        pick,
      );
      if (target === undefined) return undefined;
      const extra = h.fleetIds.find((id) => !isGranted(h.record, target.request.app, id)) as string;
      const items = [
        ...(msg(target.frame).result as Message[]),
        { deviceId: extra, model: null, online: false },
      ];
      items.sort((a, b) => String(a.deviceId).localeCompare(String(b.deviceId)));
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: items },
      });
    },
  },
  {
    name: 'leave a granted device out of the list',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) =>
            r.intent.kind === 'list' &&
            record_grant(h.record, r.app) !== '*' &&
            (msg(f).result as unknown[]).length > 0,
        ),
        pick,
      );
      if (target === undefined) return undefined;
      const items = (msg(target.frame).result as Message[]).slice(1);
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: items },
      });
    },
  },
  {
    name: 'notify a token of a device not granted',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const leaks = h.record.frames
        .filter((f) => isNotification(f) || isPresence(f))
        .flatMap((f) =>
          h.record.connections
            .filter((c) => !isGranted(h.record, c.app, paramsOf(f).deviceId as string))
            .map((c) => ({ ...f, connection: c.name })),
        );
      const leak = choose(leaks, pick);
      if (leak === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push(leak);
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'forward a refused command',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) =>
            errorCode(f) === -4012 &&
            r.intent.kind === 'device-command' &&
            h.fleetIds.includes(r.intent.deviceId),
        ),
        pick,
      );
      if (target === undefined || target.request.intent.kind !== 'device-command') return undefined;
      const out = copy(h.record);
      const intent = target.request.intent;
      const d = out.devices.get(intent.deviceId);
      if (d === undefined) return undefined;
      d.received.push({
        atMs: target.frame.atMs - 0.05,
        id: 5_555_555,
        method: intent.method,
        params: intent.deviceParams,
      });
      d.received.sort((a, b) => a.atMs - b.atMs);
      return out;
    },
  },
  {
    name: 'answer a refused command -4010',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) => errorCode(f) === -4012 && r.intent.kind === 'device-command' && !isGhostForStar(h, r),
        ),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, error: { code: -4010, message: 'device offline' } },
      });
    },
  },
  {
    name: 'accept a subscription to a device not granted',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) => errorCode(f) === -4012 && r.intent.kind === 'subscribe' && !isGhostForStar(h, r),
        ),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: {} },
      });
    },
  },
  {
    name: 'refuse with another message',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const refusals = commandsAnswered(h.record, (f) => errorCode(f) === -4012);
      if (refusals.length < 2) return undefined;
      const target = choose(refusals.slice(1), pick) as (typeof refusals)[number];
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, error: { code: -4012, message: 'not granted' } },
      });
    },
  },
  {
    name: 'upgrade an unknown token',
    rule: 'EDP-HUB-5',
    apply: (h) => ({
      ...h.record,
      upgrades: [{ ...(h.record.upgrades[0] as HubRunRecord['upgrades'][number]), outcome: 'upgraded' }],
    }),
  },
];

function record_grant(record: HubRunRecord, app: string) {
  return record.grants.get(app);
}

/** A "*" token's request naming a ghost: the protocol leaves granted or refused open there. */
function isGhostForStar(h: LegalHistory, r: AppRequest): boolean {
  if (h.record.grants.get(r.app) !== '*') return false;
  const ids =
    r.intent.kind === 'device-command'
      ? [r.intent.deviceId]
      : r.intent.kind === 'subscribe' && r.intent.deviceIds !== '*'
        ? r.intent.deviceIds
        : [];
  return ids.some((id) => h.ghosts.includes(id));
}

export type { DeviceRecords };

/** A forwarded command whose device answered within 300 ms, steady presence around it, answered -4010 or -4011 instead. */
function gaveUpThoughAnswered(h: LegalHistory, pick: number, code: -4010 | -4011): HubRunRecord | undefined {
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
