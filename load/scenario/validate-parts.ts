/** The parts of a scenario that take more than one line to check: fleet, tokens, stages, requests. */

import type { ProblemList, Segments } from './problems.js';
import { parsePercent } from './quantities.js';
import type { DeviceTokens, FleetEntry, RampTarget, RequestMix, Stage } from './types.js';

const TYPE_PATTERN = /^[a-z0-9][a-z0-9-]{0,40}$/;
/** Device ids must fit `^[a-z0-9][a-z0-9-]{2,63}$` (PROTOCOL.md section 5). */
export const ID_PREFIX_PATTERN = /^([a-z0-9][a-z0-9-]{0,40})?$/;

export function checkFleet(raw: unknown, list: ProblemList): FleetEntry[] {
  const at: Segments = ['fleet'];
  if (!Array.isArray(raw) || raw.length === 0) {
    list.add(
      at,
      'the fleet must be a non-empty list',
      'list device kinds, e.g. [{ type: bulb, count: 100 }]',
    );
    return [];
  }
  const entries: FleetEntry[] = [];
  const seenTypes = new Set<string>();
  raw.forEach((item, index) => {
    const object = list.object(item, [...at, index], 'a fleet entry');
    if (!object) return;
    const type = list.string(object.type, [...at, index, 'type'], {
      pattern: TYPE_PATTERN,
      fix: 'name the device kind in lower case (a reference type bulb, purifier, tv, or the name for a model file)',
    });
    const model =
      object.model === undefined
        ? undefined
        : list.string(object.model, [...at, index, 'model'], { fix: 'give the path of a model file' });
    const count = list.integer(object.count, [...at, index, 'count'], 1, 1_000_000);
    if (type && seenTypes.has(type)) {
      list.add(
        [...at, index, 'type'],
        `type "${type}" appears twice, so device ids would collide`,
        'merge the entries or rename one',
      );
    }
    if (type) seenTypes.add(type);
    if (type !== undefined && count !== undefined)
      entries.push(model === undefined ? { type, count } : { type, model, count });
  });
  return entries;
}

export function checkDeviceTokens(raw: unknown, list: ProblemList): DeviceTokens | undefined {
  const at: Segments = ['tokens', 'devices'];
  if (typeof raw === 'string') {
    if (raw === '') {
      list.add(at, 'the device token is empty', 'write a template such as "tok-{id}" or a fixed token');
      return undefined;
    }
    return /\{(id|type|index)\}/.test(raw)
      ? { kind: 'template', template: raw }
      : { kind: 'fixed', token: raw };
  }
  const object = list.object(raw, at, 'tokens.devices');
  if (!object) return undefined;
  const file = list.string(object.file, [...at, 'file'], {
    fix: 'give a JSON file mapping device ids to tokens, or write a template string such as "tok-{id}"',
  });
  return file === undefined ? undefined : { kind: 'file', file };
}

const STAGE_KINDS = ['rampUp', 'hold', 'rampDown'] as const;

/** `hub`: a hub scenario's fleet is started before its (hold) stages, so none needs to connect devices. */
export function checkStages(raw: unknown, fleetSize: number, list: ProblemList, hub = false): Stage[] {
  const at: Segments = ['stages'];
  if (!Array.isArray(raw) || raw.length === 0) {
    list.add(
      at,
      'stages must be a non-empty list',
      'write e.g. [{ rampUp: 500/s }, { hold: 1m }, { rampDown: 1000/s }]',
    );
    return [];
  }
  const stages: Stage[] = [];
  let connected = 0;
  let everConnected = false;
  raw.forEach((item, index) => {
    const here = [...at, index];
    const object = list.object(item, here, 'a stage');
    if (!object) return;
    const kinds = STAGE_KINDS.filter((kind) => object[kind] !== undefined);
    if (kinds.length !== 1) {
      list.add(
        here,
        kinds.length === 0
          ? 'the stage says neither rampUp, hold nor rampDown'
          : `the stage mixes ${kinds.join(' and ')}`,
        'write exactly one of rampUp: RATE, hold: DURATION, rampDown: RATE',
      );
      return;
    }
    const kind = kinds[0] as (typeof STAGE_KINDS)[number];
    if (kind === 'hold') {
      if (object.to !== undefined)
        list.add([...here, 'to'], '`to` belongs to a ramp, not a hold', 'remove it');
      const durationMs = list.duration(object.hold, [...here, 'hold']);
      if (durationMs !== undefined) stages.push({ kind: 'hold', durationMs });
      return;
    }
    const ratePerS = list.rate(object[kind], [...here, kind], { positive: true });
    const to = checkRampTarget(
      object.to,
      kind === 'rampUp' ? { kind: 'share', share: 1 } : { kind: 'count', count: 0 },
      [...here, 'to'],
      list,
    );
    if (ratePerS === undefined || to === undefined) return;
    const target = resolveTarget(to, fleetSize);
    if (target > fleetSize) {
      list.add(
        [...here, 'to'],
        `${target} devices is more than the fleet's ${fleetSize}`,
        `write at most ${fleetSize}`,
      );
    } else if (kind === 'rampUp' && target < connected) {
      list.add(
        [...here, 'to'],
        `a ramp up to ${target} from ${connected} connected devices goes down`,
        `write at least ${connected}, or use rampDown`,
      );
    } else if (kind === 'rampDown' && target > connected) {
      list.add(
        [...here, 'to'],
        `a ramp down to ${target} from ${connected} connected devices goes up`,
        `write at most ${connected}, or use rampUp`,
      );
    }
    connected = target;
    if (target > 0) everConnected = true;
    stages.push({ kind: kind === 'rampUp' ? 'ramp-up' : 'ramp-down', ratePerS, to });
  });
  if (stages.length === raw.length && !everConnected && !hub) {
    list.add(at, 'no stage connects any device', 'start with a rampUp stage');
  }
  return stages;
}

function checkRampTarget(
  raw: unknown,
  fallback: RampTarget,
  at: Segments,
  list: ProblemList,
): RampTarget | undefined {
  if (raw === undefined) return fallback;
  if (typeof raw === 'number') {
    const count = list.integer(raw, at, 0);
    return count === undefined ? undefined : { kind: 'count', count };
  }
  if (typeof raw === 'string') {
    const share = parsePercent(raw);
    if (share.ok && share.value <= 1) return { kind: 'share', share: share.value };
  }
  list.add(
    at,
    `expected a device count or a share of the fleet, got ${JSON.stringify(raw)}`,
    'write a whole number such as 5000 or a share such as 50%',
  );
  return undefined;
}

/** The device count a ramp ends at. */
export function resolveTarget(to: RampTarget, fleetSize: number): number {
  return to.kind === 'count' ? to.count : Math.round(to.share * fleetSize);
}

export function checkMix(raw: unknown, list: ProblemList): RequestMix | undefined {
  const at: Segments = ['requests', 'mix'];
  if (raw === undefined) return { get: 1, set: 0, action: 0 };
  const object = list.object(raw, at, 'requests.mix');
  if (!object) return undefined;
  const weights = (['get', 'set', 'action'] as const).map((key) =>
    object[key] === undefined ? 0 : list.number(object[key], [...at, key], 0),
  );
  if (weights.some((weight) => weight === undefined)) return undefined;
  const [get = 0, set = 0, action = 0] = weights as number[];
  const total = get + set + action;
  if (total <= 0) {
    list.add(
      at,
      'every weight of the mix is zero',
      'give at least one of get, set, action a weight above zero',
    );
    return undefined;
  }
  return { get: get / total, set: set / total, action: action / total };
}
