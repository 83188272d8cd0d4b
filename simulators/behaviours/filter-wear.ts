/**
 * A purifier's filter: while the purifier runs, its used time grows and its life level falls
 * (faster at a higher working level); when the life level reaches 0 the device sends
 * `filter-exhausted` once. `reset-filter-life` (an action effect) sets the level back, and
 * wear goes on from there.
 */
import type { ChangeSink } from './change-sink.js';
import { type Controls, findControls, isOn, workLevel } from './device-controls.js';
import { TrackedQuantity } from './tracked-quantity.js';
import { type BehaviourKind, type BehaviourPart, type PartContext, propertyKey } from './types.js';
import { findEvent, findNumeric } from './valid-values.js';

/** Hours of running at work level 2 that take a filter from 100 % to 0 %. */
export const FILTER_LIFE_HOURS = 2_000;
const MS_PER_HOUR = 3_600_000;

interface FilterPlan {
  readonly controls: Controls;
  readonly life: NonNullable<ReturnType<typeof findNumeric>>;
  readonly used: ReturnType<typeof findNumeric>;
  readonly exhausted: ReturnType<typeof findEvent>;
}

class FilterWear implements BehaviourPart {
  readonly #context: PartContext;
  readonly #plan: FilterPlan;
  readonly #life: TrackedQuantity;
  readonly #used: TrackedQuantity | undefined;

  constructor(context: PartContext, plan: FilterPlan, sink: ChangeSink) {
    this.#context = context;
    this.#plan = plan;
    this.#life = new TrackedQuantity(plan.life);
    this.#used = plan.used ? new TrackedQuantity(plan.used) : undefined;
    // A filter somewhere in its life, its used time consistent with its wear.
    const life = 40 + context.random.next() * 60;
    this.#life.write(sink, life, Math.ceil);
    this.#used?.write(sink, ((100 - life) / 100) * FILTER_LIFE_HOURS, Math.floor);
  }

  step(dtMs: number, sink: ChangeSink): void {
    const { engine } = this.#context;
    if (!isOn(engine, this.#plan.controls)) return;
    const hours = dtMs / MS_PER_HOUR;
    const before = this.#life.current(engine);
    const level = workLevel(engine, this.#plan.controls);
    // Ceil: the level reads 0 only once the filter is truly spent.
    const reported = this.#life.write(
      sink,
      before - (hours * (level / 2) * 100) / FILTER_LIFE_HOURS,
      Math.ceil,
    );
    if (this.#used) this.#used.write(sink, this.#used.current(engine) + hours, Math.floor);
    if (reported <= 0 && before > 0 && this.#plan.exhausted)
      sink.emit(this.#plan.exhausted.siid, this.#plan.exhausted.eiid);
  }
}

export const filterWear: BehaviourKind = {
  name: 'filter-wear',
  plan(model) {
    const life = findNumeric(model, 'filter', 'filter-life-level');
    if (!life?.spec.volatile) return undefined;
    const usedFound = findNumeric(model, 'filter', 'filter-used-time');
    const used = usedFound?.spec.volatile ? usedFound : undefined;
    const plan: FilterPlan = {
      controls: findControls(model),
      life,
      used,
      exhausted: findEvent(model, 'filter', 'filter-exhausted'),
    };
    return {
      covers: [life, ...(used ? [used] : [])].map((p) => propertyKey(p.siid, p.piid)),
      create: (context, sink) => new FilterWear(context, plan, sink),
    };
  },
};
