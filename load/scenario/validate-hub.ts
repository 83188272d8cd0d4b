/**
 * Validation of a scenario's `hub:` section (./hub-types.ts), every problem with its JSON path
 * and the fix. Pure: the configuration file of `hub.url` is read by the run, not here.
 */
import {
  HUB_DEFAULTS,
  type HubAppGroup,
  type HubGrant,
  type HubSubscription,
  type HubTarget,
  type ScenarioHub,
} from './hub-types.js';
import type { ProblemList } from './problems.js';
import type { FleetEntry, Stage } from './types.js';

type Segments = (string | number)[];

export function checkHub(
  raw: unknown,
  fleet: readonly FleetEntry[],
  list: ProblemList,
): ScenarioHub | undefined {
  const at: Segments = ['hub'];
  const object = list.object(raw, at, 'hub');
  if (!object) return undefined;
  const target = checkTarget(object, list);
  const types = new Set(fleet.map((e) => e.type));
  const apps = checkApps(object.apps, target, types, list);
  const flaps =
    object.presence === undefined ? undefined : list.object(object.presence, ['hub', 'presence'], 'presence');
  const flapsPerS = flaps?.flaps === undefined ? 0 : list.rate(flaps.flaps, ['hub', 'presence', 'flaps']);
  const offlineMs =
    flaps?.offline === undefined
      ? HUB_DEFAULTS.offlineMs
      : list.duration(flaps.offline, ['hub', 'presence', 'offline'], 100);
  const drainMs =
    object.drain === undefined ? HUB_DEFAULTS.drainMs : list.duration(object.drain, ['hub', 'drain'], 0);
  const warmupMs =
    object.warmup === undefined ? HUB_DEFAULTS.warmupMs : list.duration(object.warmup, ['hub', 'warmup'], 0);
  const inFlight =
    object.inFlight === undefined
      ? HUB_DEFAULTS.inFlight
      : list.integer(object.inFlight, ['hub', 'inFlight'], 1, 10_000);
  let wsDevices: number | undefined = HUB_DEFAULTS.wsDevices;
  if (object.wsDevices !== undefined) {
    wsDevices = list.integer(object.wsDevices, ['hub', 'wsDevices'], 0, 10_000);
    if (target?.kind === 'url') {
      list.add(
        ['hub', 'wsDevices'],
        "a running hub's WebSocket devices are the ws_devices of its configuration",
        'remove hub.wsDevices (fleetcert runs the ws_devices of hub.config)',
      );
      wsDevices = undefined;
    }
  }
  if (
    !target ||
    !apps ||
    flapsPerS === undefined ||
    offlineMs === undefined ||
    drainMs === undefined ||
    wsDevices === undefined ||
    inFlight === undefined ||
    warmupMs === undefined
  )
    return undefined;
  return { target, apps, flapsPerS, offlineMs, drainMs, wsDevices, inFlight, warmupMs };
}

function checkTarget(object: Record<string, unknown>, list: ProblemList): HubTarget | undefined {
  const has = (key: string) => object[key] !== undefined;
  if (has('command') === has('url')) {
    list.add(
      ['hub'],
      has('command')
        ? 'the hub section names both command and url'
        : 'the hub section names neither command nor url',
      'write hub.command: "fleetcert hub" (fleetcert starts it), or hub.url with hub.config (a hub that already runs)',
    );
    return undefined;
  }
  if (has('command')) {
    const command = list.string(object.command, ['hub', 'command'], {
      pattern: /\S/,
      fix: 'write the command that starts the hub, e.g. "fleetcert hub" (fleetcert appends --config FILE)',
    });
    if (has('config'))
      list.add(
        ['hub', 'config'],
        'config goes with hub.url only',
        'remove hub.config: fleetcert writes the configuration of hub.command itself',
      );
    return command === undefined ? undefined : { kind: 'command', command };
  }
  const url = list.string(object.url, ['hub', 'url'], { fix: 'write e.g. ws://127.0.0.1:8765/edp/1/hub' });
  if (url !== undefined && !/^wss?:\/\/[^/]+\/edp\/1\/hub$/.test(url))
    list.add(
      ['hub', 'url'],
      `"${url}" is not a Hub API address`,
      'write ws://HOST:PORT/edp/1/hub (docs/protocol.md, section 8)',
    );
  const config =
    object.config === undefined
      ? invalid(
          list,
          ['hub', 'config'],
          'hub.url needs the configuration file the hub was started with',
          'add hub.config: FILE (its tokens, grants and broker are used)',
        )
      : list.string(object.config, ['hub', 'config'], { fix: 'give the path of the hub configuration file' });
  return url === undefined || config === undefined ? undefined : { kind: 'url', url, config };
}

function checkApps(
  raw: unknown,
  target: HubTarget | undefined,
  types: ReadonlySet<string>,
  list: ProblemList,
): HubAppGroup[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    list.add(
      ['hub', 'apps'],
      'hub.apps must be a non-empty list of app connection groups',
      'write e.g. [{ token: app-all, devices: "*", connections: 2, subscribe: "*" }]',
    );
    return undefined;
  }
  const groups: HubAppGroup[] = [];
  const grantOf = new Map<string, string>();
  let ok = true;
  raw.forEach((item, index) => {
    const here: Segments = ['hub', 'apps', index];
    const object = list.object(item, here, 'an app connection group');
    if (!object) {
      ok = false;
      return;
    }
    const token = list.string(object.token, [...here, 'token'], {
      pattern: /^\S+$/,
      fix: 'write the app token (no spaces)',
    });
    const devices =
      object.devices === undefined
        ? target?.kind === 'command'
          ? invalid(
              list,
              [...here, 'devices'],
              'the group says no devices',
              'write devices: "*", devices: { types: [bulb] } or a list of device ids',
            )
          : { kind: 'all' as const }
        : target?.kind === 'url'
          ? invalid(
              list,
              [...here, 'devices'],
              'a running hub grants what its configuration file says',
              'remove devices (the grants come from hub.config)',
            )
          : checkGrant(object.devices, [...here, 'devices'], types, list);
    const connections =
      object.connections === undefined
        ? 1
        : list.integer(object.connections, [...here, 'connections'], 1, 1000);
    const subscribe =
      object.subscribe === undefined
        ? { kind: 'granted' as const }
        : checkSubscription(object.subscribe, [...here, 'subscribe'], types, list);
    if (
      token === undefined ||
      devices === undefined ||
      connections === undefined ||
      subscribe === undefined
    ) {
      ok = false;
      return;
    }
    const key = JSON.stringify(devices);
    const earlier = grantOf.get(token);
    if (earlier !== undefined && earlier !== key) {
      list.add(
        [...here, 'devices'],
        `token ${token} is granted other devices in an earlier group`,
        'give groups of one token the same devices (grants are per token)',
      );
      ok = false;
      return;
    }
    grantOf.set(token, key);
    groups.push({ token, devices, connections: connections as number, subscribe });
  });
  return ok ? groups : undefined;
}

function checkGrant(
  raw: unknown,
  at: Segments,
  types: ReadonlySet<string>,
  list: ProblemList,
): HubGrant | undefined {
  if (raw === '*') return { kind: 'all' };
  if (Array.isArray(raw)) {
    const ids = raw.map((id, i) => list.string(id, [...at, i], { fix: 'write a device id' }));
    return ids.every((id) => id !== undefined) ? { kind: 'ids', ids: ids as string[] } : undefined;
  }
  const object = list.object(raw, at, 'devices');
  const picked = object ? checkTypes(object.types, [...at, 'types'], types, list) : undefined;
  return picked ? { kind: 'types', types: picked } : undefined;
}

function checkSubscription(
  raw: unknown,
  at: Segments,
  types: ReadonlySet<string>,
  list: ProblemList,
): HubSubscription | undefined {
  if (raw === '*') return { kind: 'star' };
  if (raw === 'granted') return { kind: 'granted' };
  if (raw === 'none') return { kind: 'none' };
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const picked = checkTypes((raw as Record<string, unknown>).types, [...at, 'types'], types, list);
    return picked ? { kind: 'types', types: picked } : undefined;
  }
  list.add(
    at,
    `${JSON.stringify(raw)} is not a subscription`,
    'write "*", "granted" (each granted device by id), "none", or { types: [bulb] }',
  );
  return undefined;
}

function checkTypes(
  raw: unknown,
  at: Segments,
  types: ReadonlySet<string>,
  list: ProblemList,
): string[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    list.add(at, 'types must be a non-empty list of fleet types', `write e.g. [${[...types][0] ?? 'bulb'}]`);
    return undefined;
  }
  const out: string[] = [];
  raw.forEach((type, i) => {
    if (typeof type === 'string' && types.has(type)) out.push(type);
    else
      list.add(
        [...at, i],
        `${JSON.stringify(type)} is not a type of the fleet`,
        `use one of ${[...types].join(', ')}`,
      );
  });
  return out.length === raw.length ? out : undefined;
}

/** A hub scenario's fleet is started before the traffic: only hold stages make sense. */
export function checkHubStages(stages: readonly Stage[], list: ProblemList): void {
  stages.forEach((stage, index) => {
    if (stage.kind !== 'hold')
      list.add(
        ['stages', index],
        `a hub scenario starts its whole fleet before the traffic; ${stage.kind === 'ramp-up' ? 'rampUp' : 'rampDown'} does not apply`,
        'use hold stages only (their total is the traffic time)',
      );
  });
}

function invalid(list: ProblemList, at: Segments, problem: string, fix: string): undefined {
  list.add(at, problem, fix);
  return undefined;
}
