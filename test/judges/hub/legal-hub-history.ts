/**
 * Legal hub histories (PROTOCOL.md section 8), built from the protocol's rules directly: a
 * fast-check arbitrary of scripts (fleet events, app requests, device behaviour, and every
 * latency a correct hub may take inside its windows), and a pure builder that plays the script
 * against a hub written here as data, choosing only what section 8 allows:
 * - presence reaches the hub 0..1.5 s after the device sends it, subscribers within 2 s (EDP-HUB-4);
 * - device notifications reach the hub 0..0.8 s later, each subscribed connection once, in order,
 *   within 1 s (EDP-HUB-3), a notification just before an abrupt cut may be lost with it;
 * - commands to a device offline in the hub's view get -4010; forwarded ones the device's answer,
 *   or -4011 between D and D + 1 s, or -4010 when the device goes offline first (EDP-HUB-2);
 * - a fresh random id per forwarded command, one connection's commands in order (EDP-HUB-1);
 * - ungranted and unknown ids -4012 with one message, `"*"` ghosts listed or not (EDP-HUB-5).
 * It shares no code with the reference hub, the simulators, or the judge.
 */
import type fc from 'fast-check';
import type {
  DeviceRecords,
  ReceivedRequest,
  SentMessage,
} from '../../../conformance/suites/hub/fleet-port.js';
import type {
  AppFrame,
  AppIntent,
  AppRequest,
  HubRunRecord,
} from '../../../conformance/suites/hub/hub-run-record.js';
import { Draws, type Script, scriptArb } from './hub-history-script.js';

export const REFUSAL_MESSAGE = 'unknown or not granted';
const START_MS = 1;

/** A legal history and what the builder knows about it (for the mutators). */
export interface LegalHistory {
  readonly record: HubRunRecord;
  readonly fleetIds: readonly string[];
  readonly ghosts: readonly string[];
  readonly unknown: string;
}

export const legalHubHistory: fc.Arbitrary<LegalHistory> = scriptArb.map(buildLegalHistory);

interface PresenceChange {
  readonly atMs: number;
  readonly online: boolean;
  /** When the hub's view took it. */
  readonly learnedMs: number;
}

/**
 * A freedom fleetcert's own process brings (issue 18): its loop stalls `stallMs` just after the
 * first comeback, so the broker in it passes that `state` message to the hub only after the stall
 * (and the hub's usual latency). The stall is in the run's lateness samples, as a session records it.
 */
export interface HeldBackComeback {
  readonly stallMs: number;
}

export function buildLegalHistory(script: Script, heldBack?: HeldBackComeback): LegalHistory {
  const D = script.deadlineMs;
  const fleetIds = Array.from(
    { length: script.fleetSize },
    (_, i) => `dev-${String(i + 1).padStart(4, '0')}`,
  );
  const ghosts = ['ghost-0a1'];
  const unknown = 'nobody-77';
  const grantA = [
    ...fleetIds.filter((_, i) => script.grantA[i]),
    ...(script.ghostListed ? ghosts : []),
  ].sort();
  // A ghost is an id some list grants that never comes online.
  const grantC = [...fleetIds.filter((_, i) => script.grantC[i]), ...ghosts].sort();
  const grants = new Map<string, readonly string[] | '*'>([
    ['app-a', grantA],
    ['app-b', '*'],
    ['app-c', grantC],
  ]);
  const connections = ['app-a#1', 'app-b#1', 'app-c#1', 'app-b#2'];
  const appOf = (c: string) => c.replace(/#\d+$/, '');
  /** Whether a token is granted a device (for "*", every fleet device; ghosts are decided per answer). */
  const granted = (app: string, id: string) => {
    const g = grants.get(app);
    return g === '*' ? fleetIds.includes(id) : (g ?? []).includes(id);
  };
  const devices = new Map<string, { received: ReceivedRequest[]; sent: SentMessage[] }>(
    fleetIds.map((id) => [id, { received: [], sent: [] }]),
  );
  const presence = new Map<string, PresenceChange[]>(fleetIds.map((id) => [id, []]));
  fleetIds.forEach((id, i) => {
    if (script.late[i] && i > 0) return;
    devices.get(id)?.sent.push({ kind: 'presence', atMs: 0, online: true, cause: 'connect' });
    presence.get(id)?.push({ atMs: 0, online: true, learnedMs: 0 });
  });
  const requests: AppRequest[] = [];
  const frames: AppFrame[] = [];
  const ids = new Map<string, number>();
  const usedDeviceIds = new Set<string>();
  /** The hub reads one connection's frames in order, and forwards one connection's commands to a device in order. */
  const readAt = new Map<string, number>();
  const forwardAt = new Map<string, number>();
  const receiveAt = new Map<string, number>();
  /** Subscription sets as the hub holds them, changing at the time it processed each subscribe. */
  const subscriptions = new Map<string, { fromMs: number; set: '*' | ReadonlySet<string> }[]>(
    connections.map((c) => [c, [{ fromMs: 0, set: new Set<string>() }]]),
  );
  const notifications: { deviceId: string; atMs: number; method: string; params: unknown; lost: boolean }[] =
    [];

  const deviceOnline = (id: string, atMs: number) => {
    let online = false;
    for (const c of presence.get(id) ?? []) if (c.atMs <= atMs) online = c.online;
    return online;
  };
  const hubOnline = (id: string, atMs: number) => {
    let online = false;
    for (const c of presence.get(id) ?? []) if (c.learnedMs <= atMs) online = c.online;
    return online;
  };
  const hubModel = (id: string, atMs: number) =>
    (presence.get(id) ?? []).some((c) => c.online && c.learnedMs <= atMs) ? `acme.${id}` : null;
  const subscribedAt = (connection: string, id: string, atMs: number) => {
    let set: '*' | ReadonlySet<string> = new Set();
    for (const s of subscriptions.get(connection) ?? []) if (s.fromMs <= atMs) set = s.set;
    return set === '*' ? granted(appOf(connection), id) : set.has(id);
  };

  // First the fleet's presence (so every later choice knows the whole timeline), then the rest.
  const times: number[] = [];
  let stall: { atMs: number; ms: number } | undefined;
  let t = 100;
  for (const step of script.steps) {
    t += step.gapMs;
    times.push(t);
    if (step.kind !== 'offline' && step.kind !== 'comeback') continue;
    const d = new Draws(step.r);
    const deviceId = fleetIds[step.device % fleetIds.length] as string;
    const changes = presence.get(deviceId) as PresenceChange[];
    const lastLearned = changes.at(-1)?.learnedMs ?? 0;
    const change = (online: boolean, cause: 'connect' | 'graceful' | 'abrupt') => {
      devices.get(deviceId)?.sent.push({ kind: 'presence', atMs: t, online, cause });
      const held = heldBack !== undefined && stall === undefined && online;
      if (held) stall = { atMs: t, ms: heldBack.stallMs };
      const passedOnMs = t + (held ? heldBack.stallMs : 0);
      changes.push({ atMs: t, online, learnedMs: Math.max(lastLearned, passedOnMs + d.between(0, 1_500)) });
    };
    if (step.kind === 'offline' && deviceOnline(deviceId, t))
      change(false, d.next() < 0.5 ? 'graceful' : 'abrupt');
    if (step.kind === 'comeback' && !deviceOnline(deviceId, t)) change(true, 'connect');
  }
  script.steps.forEach((step, k) => {
    const t = times[k] as number;
    const d = new Draws(step.r);
    const deviceId = fleetIds[step.device % fleetIds.length] as string;
    const connection = connections[step.connection % connections.length] as string;
    const app = appOf(connection);
    switch (step.kind) {
      case 'offline':
      case 'comeback':
        break;
      case 'notify': {
        // A burst of 1..3 notifications, values from a small pool (so repeats are common).
        const burst = 1 + Math.floor(d.next() * 3);
        let at = t;
        for (let i = 0; i < burst; i++, at += d.between(0, 20)) {
          if (!deviceOnline(deviceId, at)) break;
          const event = d.next() < 0.2;
          const method = event ? 'event_occurred' : 'properties_changed';
          const params = event
            ? { siid: 3, eiid: 1, arguments: [] }
            : [
                d.next() < 0.5
                  ? { siid: 2, piid: 1, value: d.next() < 0.5 }
                  : { siid: 2, piid: 2, value: Math.floor(d.next() * 4) },
              ];
          devices.get(deviceId)?.sent.push({ kind: 'notification', atMs: at, method, params });
          notifications.push({ deviceId, atMs: at, method, params, lost: false });
        }
        break;
      }
      case 'subscribe': {
        const pool = [...fleetIds, ...ghosts, unknown];
        const deviceIds: readonly string[] | '*' = d.next() < 0.3 ? '*' : pool.filter(() => d.next() < 0.35);
        const request = appRequest(
          connection,
          t,
          'subscribe',
          { deviceIds },
          { kind: 'subscribe', deviceIds },
        );
        const p = read(connection, t, d);
        const ok =
          deviceIds === '*' ||
          deviceIds.every(
            (id) => granted(app, id) || (grants.get(app) === '*' && ghosts.includes(id) && d.next() < 0.5),
          );
        if (ok)
          subscriptions
            .get(connection)
            ?.push({ fromMs: p, set: deviceIds === '*' ? '*' : new Set(deviceIds) });
        reply(request, p + d.between(0, 30), ok ? { result: {} } : refusal());
        break;
      }
      case 'list': {
        const request = appRequest(connection, t, 'devices.list', {}, { kind: 'list' });
        const p = read(connection, t, d);
        const grant = grants.get(app) as readonly string[] | '*';
        const listed =
          grant === '*'
            ? [...fleetIds.filter((id) => hubModel(id, p) !== null), ...(d.next() < 0.5 ? ghosts : [])]
            : [...grant];
        const result = listed
          .sort()
          .map((id) =>
            shuffleKeys({ deviceId: id, model: hubModel(id, p), online: hubOnline(id, p) }, d.next()),
          );
        reply(request, p + d.between(0, 30), { result });
        break;
      }
      case 'bad-params': {
        const params = d.next() < 0.5 ? { items: [] } : { deviceId, items: 'none' };
        appRequest(
          connection,
          t,
          'devices.get_properties',
          params,
          'deviceId' in params ? { kind: 'bad-params', deviceId } : { kind: 'bad-params' },
          (request) =>
            reply(request, read(connection, t, d) + d.between(0, 30), error(-32602, 'invalid params')),
        );
        break;
      }
      case 'command':
        command(connection, t, d);
        break;
    }
  });

  function appRequest(
    connection: string,
    atMs: number,
    method: string,
    params: unknown,
    intent: AppIntent,
    then?: (request: AppRequest) => void,
  ): AppRequest {
    const id = (ids.get(connection) ?? 0) + 1;
    ids.set(connection, id);
    const request: AppRequest = {
      connection,
      app: appOf(connection),
      id,
      frame: { id, method, params },
      sentAtMs: atMs,
      intent,
      command: `${connection} ${method} ${JSON.stringify(params)}`,
    };
    requests.push(request);
    then?.(request);
    return request;
  }

  function read(connection: string, atMs: number, d: Draws): number {
    const p = Math.max(readAt.get(connection) ?? 0, atMs + d.between(0.1, 20));
    readAt.set(connection, p);
    return p;
  }

  function reply(request: AppRequest, atMs: number, body: Record<string, unknown>): void {
    frames.push({ connection: request.connection, atMs, message: { id: request.id, ...body } });
  }

  function command(connection: string, s: number, d: Draws): void {
    const app = appOf(connection);
    const pool = [...fleetIds, ...fleetIds, ...ghosts, unknown];
    const target = d.pick(pool);
    const kind = d.pick(['get_properties', 'set_properties', 'action', 'get_model'] as const);
    const value = Math.floor(d.next() * 3);
    const deviceParams =
      kind === 'get_properties'
        ? [{ siid: 2, piid: 1 }]
        : kind === 'set_properties'
          ? [{ siid: 2, piid: 1, value }]
          : kind === 'action'
            ? { siid: 2, aiid: 1, in: [{ piid: 1, value }] }
            : undefined;
    const params =
      kind === 'action'
        ? { deviceId: target, ...(deviceParams as object) }
        : kind === 'get_model'
          ? { deviceId: target }
          : { deviceId: target, items: deviceParams };
    const request = appRequest(connection, s, `devices.${kind}`, params, {
      kind: 'device-command',
      deviceId: target,
      method: kind,
      deviceParams,
    });
    const p = read(connection, s, d);
    const answerAt = (atMs: number) => atMs + d.between(0, 30);
    const isGhost = ghosts.includes(target);
    // For "*", a ghost (granted to another token, never seen) may be refused or counted as granted.
    const refused = !granted(app, target) && !(isGhost && grants.get(app) === '*' && d.next() < 0.5);
    if (refused) {
      reply(request, answerAt(p), refusal());
      return;
    }
    if (isGhost || !hubOnline(target, p)) {
      reply(request, answerAt(p), error(-4010, 'device offline'));
      return;
    }
    const lane = `${connection} ${target}`;
    const f = Math.max(forwardAt.get(lane) ?? 0, p + d.between(0, 10));
    forwardAt.set(lane, f);
    const rcv = Math.max(receiveAt.get(lane) ?? 0, f + d.between(0.1, 10));
    receiveAt.set(lane, rcv);
    const changes = presence.get(target) ?? [];
    // The hub gives up at D, or earlier when it learns the device went offline.
    const offlineLearned = changes.find((c) => !c.online && c.learnedMs > p)?.learnedMs;
    // In flight when the hub's view went offline: -4010 then, or -4011 at D (exactly one of them).
    const giveUp = () =>
      offlineLearned !== undefined && offlineLearned < f + D && d.next() < 0.7
        ? reply(request, answerAt(offlineLearned), error(-4010, 'device offline'))
        : reply(request, f + D + d.between(0, 900), error(-4011, 'device did not answer'));
    if (!deviceOnline(target, rcv) || changes.some((c) => c.atMs > f && c.atMs <= rcv)) {
      giveUp();
      return;
    }
    let requestId = 1 + Math.floor(d.between(0, 2 ** 31 - 2));
    while (usedDeviceIds.has(`${target} ${requestId}`)) requestId = (requestId % (2 ** 31 - 1)) + 1;
    usedDeviceIds.add(`${target} ${requestId}`);
    const records = devices.get(target) as { received: ReceivedRequest[]; sent: SentMessage[] };
    records.received.push({
      atMs: rcv,
      id: requestId,
      method: kind,
      // get_model's params are the device's to ignore: the hub may send none, {} or [].
      ...(kind === 'get_model' ? { params: d.pick([undefined, {}, []]) } : { params: deviceParams }),
    } as ReceivedRequest);
    const behaviour = d.next();
    const answerTime =
      behaviour < 0.7 ? rcv + d.between(0, 300) : behaviour < 0.85 ? f + D + d.between(150, 800) : undefined;
    const result =
      kind === 'get_model'
        ? { edp: 1, model: `acme.${target}` }
        : kind === 'action'
          ? { code: 0, out: [] }
          : [{ siid: 2, piid: 1, code: 0, ...(kind === 'get_properties' ? { value: value === 1 } : {}) }];
    // A device offline before its answer time never answers.
    const cut = changes.find((c) => !c.online && c.atMs > rcv);
    if (answerTime === undefined || (cut !== undefined && cut.atMs <= answerTime)) {
      giveUp();
      return;
    }
    records.sent.push({ kind: 'response', atMs: answerTime, requestId, message: { id: requestId, result } });
    const hubGot = answerTime + d.between(0, 5);
    if (hubGot < f + D && (offlineLearned === undefined || offlineLearned > hubGot))
      reply(request, answerAt(hubGot), { result: shuffleKeys(result, d.next()) });
    else giveUp();
  }

  // Notifications and presence to subscribers, now that every subscription is known.
  const presenceArrived = new Map<string, number>();
  for (const [deviceId, changes] of presence) {
    let learned = 0;
    for (const c of changes) {
      if (c.atMs < START_MS) continue;
      learned = Math.max(learned, c.learnedMs);
      for (const connection of connections) {
        if (!subscribedAt(connection, deviceId, learned)) continue;
        const lane = `${connection} ${deviceId}`;
        const at = Math.max(presenceArrived.get(lane) ?? 0, learned + 0.1 + ((c.atMs * 7) % 40));
        presenceArrived.set(lane, at);
        frames.push({
          connection,
          atMs: at,
          message: { method: 'device.presence', params: { deviceId, online: c.online } },
        });
      }
    }
  }
  const hubReceived = new Map<string, number>();
  const arrived = new Map<string, number>();
  // In the order the devices sent them (bursts of neighbouring steps interleave).
  notifications.sort((a, b) => a.atMs - b.atMs);
  for (const n of notifications) {
    const cut = (presence.get(n.deviceId) ?? []).find((c) => !c.online && c.atMs >= n.atMs);
    const cause = devices
      .get(n.deviceId)
      ?.sent.find((m) => m.kind === 'presence' && m.atMs === cut?.atMs && !m.online) as
      | { cause: string }
      | undefined;
    if (cut !== undefined && cause?.cause === 'abrupt' && cut.atMs - n.atMs <= 300 && (n.atMs * 13) % 2 < 1)
      continue;
    const delay = (n.atMs * 31) % 800;
    const h = Math.max(hubReceived.get(n.deviceId) ?? 0, n.atMs + delay);
    hubReceived.set(n.deviceId, h);
    for (const connection of connections) {
      if (!subscribedAt(connection, n.deviceId, h)) continue;
      const lane = `${connection} ${n.deviceId}`;
      const at = Math.max(arrived.get(lane) ?? 0, h + ((n.atMs * 17) % 90));
      arrived.set(lane, at);
      const method = `device.${n.method}`;
      const params =
        n.method === 'event_occurred'
          ? { deviceId: n.deviceId, event: n.params }
          : { deviceId: n.deviceId, items: n.params };
      frames.push({ connection, atMs: at, message: { method, params } });
    }
  }

  frames.sort((a, b) => a.atMs - b.atMs);
  for (const r of devices.values()) {
    r.received.sort((a, b) => a.atMs - b.atMs);
    r.sent.sort((a, b) => a.atMs - b.atMs);
  }
  const record: HubRunRecord = {
    startMs: START_MS,
    endMs: t + D + 6_000,
    deadlineMs: D,
    grants,
    fleetIds,
    modelIds: new Map(fleetIds.map((id) => [id, `acme.${id}`])),
    connections: connections.map((name) => ({
      name,
      app: appOf(name),
      openedAtMs: START_MS,
      droppedFrames: 0,
    })),
    requests,
    frames,
    upgrades: [{ atMs: START_MS, command: 'an unknown token upgrades', outcome: 401 }],
    devices: devices as Map<string, DeviceRecords>,
    ...(stall === undefined
      ? {}
      : {
          lateness: [
            { atMs: START_MS, lateMs: 0 },
            { atMs: stall.atMs, lateMs: 0 },
            { atMs: stall.atMs + stall.ms, lateMs: stall.ms },
          ],
        }),
  };
  return { record, fleetIds, ghosts, unknown };
}

function error(code: number, message: string): Record<string, unknown> {
  return { error: { code, message } };
}

function refusal(): Record<string, unknown> {
  return error(-4012, REFUSAL_MESSAGE);
}

/** The same JSON with its members in another order (section 8: member order is free). */
function shuffleKeys<T>(value: T, r: number): T {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, r)) as T;
  if (typeof value !== 'object' || value === null || r < 0.5) return value;
  return Object.fromEntries(Object.entries(value as object).reverse()) as T;
}
