/**
 * The fallback for every volatile property no concept drives, so any partner's model gets
 * telemetry: numbers take a bounded random walk (about 2 % of their span per step, on the
 * step grid), enumerations and booleans change now and then, strings stay as they are.
 * Every value stays valid for the model (PROTOCOL.md section 2).
 */

import type { Random } from '../../src/index.js';
import type { DeviceModel, PropertySpec } from '../../src/model/index.js';
import type { ChangeSink } from './change-sink.js';
import {
  type BehaviourKind,
  type BehaviourPart,
  type PartContext,
  type PartPlan,
  propertyKey,
} from './types.js';
import { type FoundProperty, nearestValidNumber, numericBounds } from './valid-values.js';

/** Chance per step that an enumeration or a boolean changes. */
export const SWITCH_CHANCE = 0.1;
/** Largest move per step as a share of a numeric range. */
export const WALK_SHARE = 0.02;

type Walker = FoundProperty & { readonly kind: 'number' | 'values' | 'bool'; readonly maxMove: number };

function walkerFor(found: FoundProperty): Walker | undefined {
  const { spec } = found;
  if (spec.values && spec.values.length > 1) return { ...found, kind: 'values', maxMove: 0 };
  if (spec.format === 'bool') return { ...found, kind: 'bool', maxMove: 0 };
  if (spec.format === 'string' || spec.values) return undefined;
  const { min, max, step } = numericBounds(spec);
  const span = spec.range ? max - min : step > 0 ? 100 * step : 1;
  return { ...found, kind: 'number', maxMove: Math.max(step, span * WALK_SHARE) };
}

class GenericWalk implements BehaviourPart {
  readonly #context: PartContext;
  readonly #walkers: readonly Walker[];

  constructor(context: PartContext, walkers: readonly Walker[]) {
    this.#context = context;
    this.#walkers = walkers;
  }

  step(_dtMs: number, sink: ChangeSink): void {
    const { engine, random } = this.#context;
    for (const walker of this.#walkers) {
      const value = engine.read(walker.siid, walker.piid);
      const next = nextValue(walker, walker.spec, value, random);
      if (next !== undefined) sink.set(walker.siid, walker.piid, next);
    }
  }
}

function nextValue(
  walker: Walker,
  spec: PropertySpec,
  value: unknown,
  random: Random,
): boolean | number | string | undefined {
  switch (walker.kind) {
    case 'bool':
      return random.next() < SWITCH_CHANCE ? value !== true : undefined;
    case 'values': {
      if (random.next() >= SWITCH_CHANCE) return undefined;
      const others = spec.values!.filter((v) => v.value !== value);
      return others[Math.floor(random.next() * others.length)]?.value;
    }
    case 'number': {
      const from = typeof value === 'number' ? value : 0;
      return nearestValidNumber(spec, from + (random.next() * 2 - 1) * walker.maxMove);
    }
  }
}

/** The generic part for the volatile properties of `model` not in `covered`; `undefined` when none is left. */
export function planGenericWalk(model: DeviceModel, covered: ReadonlySet<number>): PartPlan | undefined {
  const walkers: Walker[] = [];
  for (const service of model.services) {
    for (const spec of service.properties ?? []) {
      if (!spec.volatile || covered.has(propertyKey(service.siid, spec.piid))) continue;
      const walker = walkerFor({ siid: service.siid, piid: spec.piid, spec });
      if (walker) walkers.push(walker);
    }
  }
  if (walkers.length === 0) return undefined;
  return {
    covers: walkers.map((w) => propertyKey(w.siid, w.piid)),
    create: (context) => new GenericWalk(context, walkers),
  };
}

export const genericWalk: BehaviourKind = {
  name: 'generic-walk',
  plan: (model) => planGenericWalk(model, new Set()),
};
