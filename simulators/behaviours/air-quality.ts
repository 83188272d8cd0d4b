/**
 * Air quality under a purifier: pm2.5 falls towards clean air while the purifier runs,
 * faster at a higher working level, and drifts back up towards outdoor air while it is off.
 * Exponential approach plus a little sensor noise, in simulated seconds.
 */
import type { ChangeSink } from './change-sink.js';
import { type Controls, findControls, isOn, workLevel } from './device-controls.js';
import { gaussian, isVolatile, TrackedQuantity } from './tracked-quantity.js';
import { type BehaviourKind, type BehaviourPart, type PartContext, propertyKey } from './types.js';
import { findNumeric } from './valid-values.js';

/** Clean-air floor and outdoor level, µg/m³. */
export const CLEAN_PM25 = 3;
export const OUTDOOR_PM25 = 60;
/** Seconds for the gap to clean air to shrink by e at work level 1 (level 3 is three times faster). */
export const CLEANING_TIME_CONSTANT_S = 300;
/** Seconds for indoor air to drift back towards outdoor air by e while off. */
export const DRIFT_TIME_CONSTANT_S = 1_800;

class AirQuality implements BehaviourPart {
  readonly #context: PartContext;
  readonly #controls: Controls;
  readonly #pm: TrackedQuantity;

  constructor(context: PartContext, controls: Controls, pm: TrackedQuantity, sink: ChangeSink) {
    this.#context = context;
    this.#controls = controls;
    this.#pm = pm;
    pm.write(sink, 20 + context.random.next() * 40);
  }

  step(dtMs: number, sink: ChangeSink): void {
    const { engine, random } = this.#context;
    const seconds = dtMs / 1000;
    const pm = this.#pm.current(engine);
    const running = isOn(engine, this.#controls);
    const [towards, timeConstant] = running
      ? [CLEAN_PM25, CLEANING_TIME_CONSTANT_S / workLevel(engine, this.#controls)]
      : [OUTDOOR_PM25, DRIFT_TIME_CONSTANT_S];
    const settled = towards + (pm - towards) * Math.exp(-seconds / timeConstant);
    const noise = gaussian(random) * Math.min(1, Math.sqrt(seconds) * 0.3);
    this.#pm.write(sink, Math.max(0, settled + noise));
  }
}

export const airQuality: BehaviourKind = {
  name: 'air-quality',
  plan(model) {
    const pm = findNumeric(model, 'environment', 'pm2.5');
    if (!isVolatile(pm)) return undefined;
    const controls = findControls(model);
    return {
      covers: [propertyKey(pm.siid, pm.piid)],
      create: (context, sink) => new AirQuality(context, controls, new TrackedQuantity(pm), sink),
    };
  },
};
