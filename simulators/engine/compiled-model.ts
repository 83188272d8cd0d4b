/**
 * Per-model indexes, computed once per model object and shared by every engine running it
 * (a fleet runs thousands of devices of a few models): lookups by id, state slots, guards
 * and effects resolved to slots. Engines hold only a values array of their own.
 */
import type {
  ActionSpec,
  DeviceModel,
  EventSpec,
  OverflowMode,
  PropertySpec,
  PropertyValue,
  Range,
} from '../../src/model/index.js';

export interface PropertyEntry {
  readonly siid: number;
  readonly piid: number;
  readonly spec: PropertySpec;
  /** Index of this property's value in an engine's state array. */
  readonly slot: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly notifies: boolean;
  readonly guard: CompiledGuard | undefined;
}

export interface CompiledGuard {
  readonly slot: number;
  readonly equals: PropertyValue;
}

export interface EventEntry {
  readonly siid: number;
  readonly eiid: number;
  readonly spec: EventSpec;
  readonly arguments: readonly PropertyEntry[];
}

export type CompiledEffect =
  | { readonly op: 'set'; readonly target: PropertyEntry; readonly value: PropertyValue }
  | { readonly op: 'set-from-in'; readonly target: PropertyEntry; readonly index: number }
  | { readonly op: 'toggle'; readonly target: PropertyEntry }
  | {
      readonly op: 'add';
      readonly target: PropertyEntry;
      readonly range: Range;
      readonly by: number;
      readonly overflow: OverflowMode;
    }
  | { readonly op: 'emit'; readonly event: EventEntry };

export interface ActionEntry {
  readonly siid: number;
  readonly aiid: number;
  readonly spec: ActionSpec;
  readonly inputs: readonly PropertyEntry[];
  readonly outputs: readonly PropertyEntry[];
  readonly guard: CompiledGuard | undefined;
  readonly effects: readonly CompiledEffect[];
}

export interface CompiledModel {
  readonly model: DeviceModel;
  /** Every property in model order; `properties[i].slot === i`. */
  readonly properties: readonly PropertyEntry[];
  findProperty(siid: unknown, piid: unknown): PropertyEntry | undefined;
  findAction(siid: unknown, aiid: unknown): ActionEntry | undefined;
  findEvent(siid: unknown, eiid: unknown): EventEntry | undefined;
}

const cache = new WeakMap<DeviceModel, CompiledModel>();

/** The shared index of `model`; the same object for every call with the same model object. */
export function compileModel(model: DeviceModel): CompiledModel {
  let compiled = cache.get(model);
  if (!compiled) {
    compiled = build(model);
    cache.set(model, compiled);
  }
  return compiled;
}

/**
 * An id as section 3 accepts it: a whole number 1..65535 (`2.0` is 2). Anything else,
 * missing included, names nothing, hence -4003.
 */
function idOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65_535
    ? value
    : undefined;
}

/** One number per (scope id, member id): both are below 2^16, so the key is exact. */
function keyOf(scope: unknown, member: unknown): number | undefined {
  const a = idOf(scope);
  const b = idOf(member);
  return a === undefined || b === undefined ? undefined : a * 65_536 + b;
}

function build(model: DeviceModel): CompiledModel {
  const properties: PropertyEntry[] = [];
  const propertyByKey = new Map<number, PropertyEntry>();
  for (const service of model.services) {
    for (const spec of service.properties ?? []) {
      const access = spec.access ?? [];
      const entry: PropertyEntry = {
        siid: service.siid,
        piid: spec.piid,
        spec,
        slot: properties.length,
        readable: access.includes('read'),
        writable: access.includes('write'),
        notifies: access.includes('notify'),
        guard: undefined,
      };
      properties.push(entry);
      propertyByKey.set(service.siid * 65_536 + spec.piid, entry);
    }
  }
  const guardOf = (siid: number, when: { piid: number; equals: PropertyValue } | undefined) => {
    if (!when) return undefined;
    const target = propertyByKey.get(siid * 65_536 + when.piid);
    return target ? { slot: target.slot, equals: when.equals } : undefined;
  };
  // Guards resolve to slots once every property of the model has one.
  for (const [i, entry] of properties.entries()) {
    if (entry.spec.when) properties[i] = { ...entry, guard: guardOf(entry.siid, entry.spec.when) };
  }
  for (const entry of properties) propertyByKey.set(entry.siid * 65_536 + entry.piid, entry);

  const eventByKey = new Map<number, EventEntry>();
  for (const service of model.services) {
    for (const spec of service.events ?? []) {
      const args = (spec.arguments ?? []).map((piid) => propertyByKey.get(service.siid * 65_536 + piid));
      eventByKey.set(service.siid * 65_536 + spec.eiid, {
        siid: service.siid,
        eiid: spec.eiid,
        spec,
        arguments: args.filter((a): a is PropertyEntry => a !== undefined),
      });
    }
  }

  const actionByKey = new Map<number, ActionEntry>();
  for (const service of model.services) {
    const property = (piid: number) => propertyByKey.get(service.siid * 65_536 + piid);
    for (const spec of service.actions ?? []) {
      const effects: CompiledEffect[] = [];
      for (const effect of spec.effects ?? []) {
        if (effect.op === 'emit') {
          const event = eventByKey.get(service.siid * 65_536 + effect.eiid);
          if (event) effects.push({ op: 'emit', event });
          continue;
        }
        const target = property(effect.piid);
        if (!target) continue;
        if (effect.op === 'toggle') effects.push({ op: 'toggle', target });
        else if (effect.op === 'add') {
          if (target.spec.range) {
            effects.push({
              op: 'add',
              target,
              range: target.spec.range,
              by: effect.by,
              overflow: effect.overflow,
            });
          }
        } else if ('from' in effect) effects.push({ op: 'set-from-in', target, index: effect.index });
        else effects.push({ op: 'set', target, value: effect.value });
      }
      const resolve = (piids: readonly number[] | undefined) =>
        (piids ?? []).map(property).filter((p): p is PropertyEntry => p !== undefined);
      actionByKey.set(service.siid * 65_536 + spec.aiid, {
        siid: service.siid,
        aiid: spec.aiid,
        spec,
        inputs: resolve(spec.in),
        outputs: resolve(spec.out),
        guard: guardOf(service.siid, spec.when),
        effects,
      });
    }
  }

  return {
    model,
    properties,
    findProperty: (siid, piid) => lookup(propertyByKey, siid, piid),
    findAction: (siid, aiid) => lookup(actionByKey, siid, aiid),
    findEvent: (siid, eiid) => lookup(eventByKey, siid, eiid),
  };
}

function lookup<T>(map: ReadonlyMap<number, T>, scope: unknown, member: unknown): T | undefined {
  const key = keyOf(scope, member);
  return key === undefined ? undefined : map.get(key);
}
