/**
 * Room climate: relative humidity and temperature wander around a comfortable level
 * (a mean-reverting random walk, Ornstein–Uhlenbeck), always within the model's range.
 * Found by property name in any service, so any model with these sensors gets them.
 */
import type { DeviceModel } from '../../src/model/index.js';
import type { ChangeSink } from './change-sink.js';
import { gaussian, isVolatile, TrackedQuantity } from './tracked-quantity.js';
import { type BehaviourKind, type BehaviourPart, type PartContext, propertyKey } from './types.js';
import { type FoundProperty, findNumeric } from './valid-values.js';

interface Wander {
  readonly property: string;
  /** The level it wanders around, and how far the start may be from it. */
  readonly mean: number;
  readonly spread: number;
  /** Per second: pull back to the mean, and noise (per √s). */
  readonly pull: number;
  readonly noise: number;
}

export const HUMIDITY: Wander = {
  property: 'relative-humidity',
  mean: 45,
  spread: 10,
  pull: 1 / 900,
  noise: 0.08,
};
export const TEMPERATURE: Wander = {
  property: 'temperature',
  mean: 22,
  spread: 2,
  pull: 1 / 1800,
  noise: 0.015,
};

class Climate implements BehaviourPart {
  readonly #context: PartContext;
  readonly #quantities: readonly (readonly [Wander, TrackedQuantity])[];

  constructor(
    context: PartContext,
    sensors: readonly (readonly [Wander, FoundProperty])[],
    sink: ChangeSink,
  ) {
    this.#context = context;
    this.#quantities = sensors.map(([wander, found]) => [wander, new TrackedQuantity(found)] as const);
    for (const [wander, quantity] of this.#quantities) {
      quantity.write(sink, wander.mean + (context.random.next() * 2 - 1) * wander.spread);
    }
  }

  step(dtMs: number, sink: ChangeSink): void {
    const { engine, random } = this.#context;
    const seconds = dtMs / 1000;
    for (const [wander, quantity] of this.#quantities) {
      const x = quantity.current(engine);
      const pulled = wander.mean + (x - wander.mean) * Math.exp(-wander.pull * seconds);
      quantity.write(sink, pulled + gaussian(random) * wander.noise * Math.sqrt(seconds));
    }
  }
}

function findAnywhere(model: DeviceModel, property: string): FoundProperty | undefined {
  for (const service of model.services) {
    const found = findNumeric(model, service.name, property);
    if (isVolatile(found)) return found;
  }
  return undefined;
}

export const climate: BehaviourKind = {
  name: 'climate',
  plan(model) {
    const sensors = [HUMIDITY, TEMPERATURE]
      .map((wander) => [wander, findAnywhere(model, wander.property)] as const)
      .filter((pair): pair is readonly [Wander, FoundProperty] => pair[1] !== undefined);
    if (sensors.length === 0) return undefined;
    return {
      covers: sensors.map(([, found]) => propertyKey(found.siid, found.piid)),
      create: (context, sink) => new Climate(context, sensors, sink),
    };
  },
};
