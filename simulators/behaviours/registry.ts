/**
 * Which behaviour a device gets: concepts chosen by model id, then the generic random walk
 * for whatever volatile property they leave. A partner's new model, unknown here, gets the
 * generic walk alone. Plans are made once per model object and shared by every device.
 */

import type { Random } from '../../src/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import type { Notification } from '../../src/protocol/index.js';
import type { DeviceEngine } from '../engine/types.js';
import { airQuality } from './air-quality.js';
import { ChangeSink } from './change-sink.js';
import { climate } from './climate.js';
import { filterWear } from './filter-wear.js';
import { planGenericWalk } from './generic-walk.js';
import { powerMeter } from './power-meter.js';
import type { Behaviour, BehaviourKind, BehaviourPart, PartPlan } from './types.js';

/** The reference models' concepts (MODELS.md). The TV has no volatile property. */
export const REFERENCE_BEHAVIOURS: ReadonlyMap<string, readonly BehaviourKind[]> = new Map([
  ['fleetcert.purifier.v1', [airQuality, filterWear, climate]],
  ['fleetcert.bulb.v1', [powerMeter]],
]);

class CompositeBehaviour implements Behaviour {
  readonly #engine: DeviceEngine;
  readonly #parts: readonly BehaviourPart[];

  constructor(engine: DeviceEngine, parts: readonly BehaviourPart[]) {
    this.#engine = engine;
    this.#parts = parts;
  }

  step(dtMs: number): Notification[] {
    const sink = new ChangeSink(this.#engine);
    for (const part of this.#parts) part.step(dtMs, sink);
    return sink.take();
  }

  react(): Notification[] {
    const sink = new ChangeSink(this.#engine);
    for (const part of this.#parts) part.react?.(sink);
    return sink.take();
  }
}

export class BehaviourRegistry {
  readonly #byModel: ReadonlyMap<string, readonly BehaviourKind[]>;
  readonly #plans = new WeakMap<DeviceModel, readonly PartPlan[]>();

  constructor(byModel: ReadonlyMap<string, readonly BehaviourKind[]> = REFERENCE_BEHAVIOURS) {
    this.#byModel = byModel;
  }

  /** The parts a device of `model` runs (concepts first, the generic walk last). */
  plansFor(model: DeviceModel): readonly PartPlan[] {
    let plans = this.#plans.get(model);
    if (!plans) {
      const chosen = (this.#byModel.get(model.model) ?? [])
        .map((kind) => kind.plan(model))
        .filter((plan): plan is PartPlan => plan !== undefined);
      const generic = planGenericWalk(model, new Set(chosen.flatMap((plan) => plan.covers)));
      plans = Object.freeze(generic ? [...chosen, generic] : chosen);
      this.#plans.set(model, plans);
    }
    return plans;
  }

  /**
   * The behaviour of one device. Its starting sensor values are set on the engine without
   * notifications (the device is not connected yet). `random` should be the device's own
   * stream, so its values do not depend on the rest of the fleet.
   */
  create(engine: DeviceEngine, random: Random): Behaviour {
    const sink = new ChangeSink(engine);
    const parts = this.plansFor(engine.model).map((plan) => plan.create({ engine, random }, sink));
    sink.take();
    return new CompositeBehaviour(engine, parts);
  }
}

/** The registry with the reference concepts; what fleets use unless told otherwise. */
export const defaultBehaviours = new BehaviourRegistry();
