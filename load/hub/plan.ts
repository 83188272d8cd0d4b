/**
 * The plan of a hub load run, pure and from the seed: the app connections (token, granted
 * devices, subscription), the configuration's `apps`, and the schedules — app commands at a
 * constant arrival rate (open model: command k is intended at k / rate seconds whatever the hub
 * does), device notifications per device, presence flaps. Every wire frame of a command is
 * built here once, so sending costs one `socket.send` of a precomputed string.
 */
import { canonicalJson } from '../../src/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import { STREAM, streamFor, uniformAt } from '../plan/derive.js';
import { type ModelTraffic, modelTraffic, type RequestKind, requestBody } from '../plan/requests.js';
import type { HubAppGroup, HubGrant, HubSubscription } from '../scenario/hub-types.js';
import type { RequestMix } from '../scenario/types.js';

export interface HubLoadDevice {
  readonly deviceId: string;
  /** The fleet type (`bulb`, or a model file's entry name). */
  readonly type: string;
  readonly model: DeviceModel;
}

export interface PlannedConnection {
  readonly index: number;
  readonly token: string;
  /** Device ids granted to the token, sorted. */
  readonly granted: readonly string[];
  /** `subscribe` params, or undefined for a connection that never subscribes. */
  readonly subscribeParams: { readonly deviceIds: readonly string[] | '*' } | undefined;
  /** The devices whose notifications this connection must receive. */
  readonly subscribed: ReadonlySet<string>;
  /** App request ids of this connection start above this (ids of connections never overlap). */
  readonly idBase: number;
}

/**
 * One connection's ids are idBase+1, idBase+2, … : an answer under another connection's id is
 * caught. Section 3 ids end at 2^31 - 1, so 200 connections of 10 million commands each.
 */
export const IDS_PER_CONNECTION = 10_000_000;
export const MAX_HUB_LOAD_CONNECTIONS = 200;

export function planConnections(
  groups: readonly HubAppGroup[],
  devices: readonly HubLoadDevice[],
  grantsOf?: (token: string) => readonly string[] | '*' | undefined,
): PlannedConnection[] {
  const all = devices.map((d) => d.deviceId).sort();
  const out: PlannedConnection[] = [];
  for (const group of groups) {
    const fromConfig = grantsOf?.(group.token);
    const granted =
      fromConfig === undefined
        ? grantedIds(group.devices, devices, all)
        : fromConfig === '*'
          ? all
          : [...fromConfig].filter((id) => all.includes(id)).sort();
    const sub = subscription(
      group.subscribe,
      granted,
      devices,
      fromConfig === '*' || group.devices.kind === 'all',
    );
    for (let i = 0; i < group.connections; i++) {
      const index = out.length;
      out.push({ index, token: group.token, granted, ...sub, idBase: index * IDS_PER_CONNECTION });
    }
  }
  return out;
}

function grantedIds(grant: HubGrant, devices: readonly HubLoadDevice[], all: readonly string[]): string[] {
  if (grant.kind === 'all') return [...all];
  if (grant.kind === 'ids') return [...new Set(grant.ids)].sort();
  const types = new Set(grant.types);
  return devices
    .filter((d) => types.has(d.type))
    .map((d) => d.deviceId)
    .sort();
}

function subscription(
  sub: HubSubscription,
  granted: readonly string[],
  devices: readonly HubLoadDevice[],
  star: boolean,
): Pick<PlannedConnection, 'subscribeParams' | 'subscribed'> {
  switch (sub.kind) {
    case 'none':
      return { subscribeParams: undefined, subscribed: new Set() };
    case 'star':
      // "*" is every granted device (section 8): a token granted a list gets exactly its list.
      return { subscribeParams: { deviceIds: '*' }, subscribed: new Set(granted) };
    case 'granted':
      return { subscribeParams: { deviceIds: granted }, subscribed: new Set(granted) };
    case 'types': {
      const types = new Set(sub.types);
      const grantedSet = new Set(granted);
      const ids = devices
        .filter((d) => types.has(d.type) && grantedSet.has(d.deviceId))
        .map((d) => d.deviceId)
        .sort();
      void star;
      return { subscribeParams: { deviceIds: ids }, subscribed: new Set(ids) };
    }
  }
}

/** The configuration file's `apps` (one entry per token). */
export function configApps(
  groups: readonly HubAppGroup[],
  connections: readonly PlannedConnection[],
): { token: string; devices: string[] | '*' }[] {
  const seen = new Map<string, { token: string; devices: string[] | '*' }>();
  groups.forEach((group) => {
    if (seen.has(group.token)) return;
    const connection = connections.find((c) => c.token === group.token);
    seen.set(group.token, {
      token: group.token,
      devices: group.devices.kind === 'all' ? '*' : [...(connection?.granted ?? [])],
    });
  });
  return [...seen.values()];
}

export interface PlannedCommand {
  readonly index: number;
  readonly intendedMs: number;
  readonly connection: number;
  /** The app request id (the connection's idBase + its own count). */
  readonly appId: number;
  readonly deviceId: string;
  readonly kind: RequestKind;
  /** The frame to send, ready. */
  readonly frame: string;
  /** What the device must receive as params (canonical JSON), and under which method. */
  readonly deviceMethod: string;
  readonly deviceParamsKey: string;
}

export interface CommandPlanOptions {
  readonly seed: number;
  readonly ratePerS: number;
  readonly mix: RequestMix;
  readonly startMs: number;
  readonly endMs: number;
}

const APP_METHOD = {
  get_properties: 'devices.get_properties',
  set_properties: 'devices.set_properties',
  action: 'devices.action',
} as const;

/** Every command of the run; connections with no granted device send none. */
export function planCommands(
  options: CommandPlanOptions,
  connections: readonly PlannedConnection[],
  devices: readonly HubLoadDevice[],
): PlannedCommand[] {
  if (options.ratePerS <= 0) return [];
  const senders = connections.filter((c) => c.granted.length > 0);
  if (senders.length === 0) return [];
  const traffic = new Map<DeviceModel, ModelTraffic>();
  const modelOf = new Map(devices.map((d) => [d.deviceId, d.model]));
  const counts = new Array<number>(connections.length).fill(0);
  const out: PlannedCommand[] = [];
  const slots = Math.floor(((options.endMs - options.startMs) * options.ratePerS) / 1000);
  for (let k = 0; k < slots; k++) {
    const random = streamFor(options.seed, STREAM.hubCommand, k);
    const connection = senders[Math.floor(random.next() * senders.length)] as PlannedConnection;
    const deviceId = connection.granted[Math.floor(random.next() * connection.granted.length)] as string;
    const model = modelOf.get(deviceId) as DeviceModel;
    let modelTraffic_ = traffic.get(model);
    if (!modelTraffic_) {
      modelTraffic_ = modelTraffic(model);
      traffic.set(model, modelTraffic_);
    }
    const draw = random.next();
    const { mix } = options;
    const kind: RequestKind = draw < mix.get ? 'get' : draw < mix.get + mix.set ? 'set' : 'action';
    const body = requestBody(kind, modelTraffic_, random);
    const appId = connection.idBase + ++counts[connection.index]!;
    const appParams =
      body.method === 'action' ? { deviceId, ...body.params } : { deviceId, items: body.params };
    out.push({
      index: k,
      intendedMs: options.startMs + (k * 1000) / options.ratePerS,
      connection: connection.index,
      appId,
      deviceId,
      kind,
      frame: JSON.stringify({ id: appId, method: APP_METHOD[body.method], params: appParams }),
      deviceMethod: body.method,
      deviceParamsKey: canonicalJson(body.params),
    });
  }
  return out;
}

export interface PlannedEvent {
  readonly atMs: number;
  readonly deviceId: string;
}

/** Device notifications: each device at `perDevicePerS`, its phase from the seed. */
export function planTelemetry(
  seed: number,
  perDevicePerS: number,
  devices: readonly HubLoadDevice[],
  startMs: number,
  endMs: number,
): PlannedEvent[] {
  if (perDevicePerS <= 0) return [];
  const period = 1000 / perDevicePerS;
  const out: PlannedEvent[] = [];
  devices.forEach((device, i) => {
    for (let t = startMs + uniformAt(seed, STREAM.hubTelemetry, i) * period; t < endMs; t += period)
      out.push({ atMs: t, deviceId: device.deviceId });
  });
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** Presence flaps over the fleet: a device goes offline gracefully and comes back `offlineMs` later. */
export function planFlaps(
  seed: number,
  flapsPerS: number,
  devices: readonly HubLoadDevice[],
  startMs: number,
  endMs: number,
  offlineMs: number,
): PlannedEvent[] {
  if (flapsPerS <= 0 || devices.length === 0) return [];
  const out: PlannedEvent[] = [];
  const busyUntil = new Map<string, number>();
  const slots = Math.floor(((endMs - offlineMs - startMs) * flapsPerS) / 1000);
  for (let k = 0; k < slots; k++) {
    const atMs = startMs + (k * 1000) / flapsPerS;
    const device = devices[Math.floor(uniformAt(seed, STREAM.hubFlap, k) * devices.length)] as HubLoadDevice;
    if ((busyUntil.get(device.deviceId) ?? -1) > atMs) continue;
    busyUntil.set(device.deviceId, atMs + offlineMs + 500);
    out.push({ atMs, deviceId: device.deviceId });
  }
  return out;
}
