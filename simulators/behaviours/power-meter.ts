/**
 * A lamp's power meter: the power follows the switch and the brightness at once (on a
 * write or an action, not only on the next telemetry tick), with a little meter noise.
 */
import type { DeviceModel } from '../../src/model/index.js';
import type { ChangeSink } from './change-sink.js';
import { gaussian, TrackedQuantity } from './tracked-quantity.js';
import { type BehaviourKind, type BehaviourPart, type PartContext, propertyKey } from './types.js';
import { type FoundProperty, findNumeric, findProperty } from './valid-values.js';

/** Watts drawn at full brightness, at the lowest brightness, and in standby. */
export const FULL_WATTS = 9.5;
export const DIM_WATTS = 0.8;
export const STANDBY_WATTS = 0.3;
const NOISE_WATTS = 0.05;
/** A reaction reports only a change larger than the meter's noise could explain. */
const REACT_WATTS = 0.3;

interface Lamp {
  readonly power: FoundProperty;
  readonly on: FoundProperty;
  readonly brightness: FoundProperty | undefined;
}

class PowerMeter implements BehaviourPart {
  readonly #context: PartContext;
  readonly #lamp: Lamp;
  readonly #power: TrackedQuantity;

  constructor(context: PartContext, lamp: Lamp, sink: ChangeSink) {
    this.#context = context;
    this.#lamp = lamp;
    this.#power = new TrackedQuantity(lamp.power);
    this.#power.write(sink, this.#draw());
  }

  step(_dtMs: number, sink: ChangeSink): void {
    this.#power.write(sink, this.#draw() + gaussian(this.#context.random) * NOISE_WATTS);
  }

  react(sink: ChangeSink): void {
    // Without noise: a reaction must not consume randomness, so telemetry replays whatever requests came in.
    const target = this.#draw();
    if (Math.abs((this.#power.reported ?? Number.NaN) - target) > REACT_WATTS)
      this.#power.write(sink, target);
  }

  #draw(): number {
    const { engine } = this.#context;
    if (engine.read(this.#lamp.on.siid, this.#lamp.on.piid) !== true) return STANDBY_WATTS;
    const spec = this.#lamp.brightness?.spec;
    const value = this.#lamp.brightness
      ? engine.read(this.#lamp.brightness.siid, this.#lamp.brightness.piid)
      : undefined;
    if (!spec?.range || typeof value !== 'number') return FULL_WATTS;
    const [min, max] = spec.range;
    const share = max === min ? 1 : (value - min) / (max - min);
    return DIM_WATTS + share * (FULL_WATTS - DIM_WATTS);
  }
}

/** The first service with a bool `on` (and a numeric `brightness`, if any). */
function findLamp(model: DeviceModel): Omit<Lamp, 'power'> | undefined {
  for (const service of model.services) {
    const on = findProperty(model, service.name, 'on');
    if (on?.spec.format === 'bool') return { on, brightness: findNumeric(model, service.name, 'brightness') };
  }
  return undefined;
}

export const powerMeter: BehaviourKind = {
  name: 'power-meter',
  plan(model) {
    const power = findNumeric(model, 'power-meter', 'power');
    const lamp = findLamp(model);
    if (!power?.spec.volatile || !lamp) return undefined;
    const plan: Lamp = { power, ...lamp };
    return {
      covers: [propertyKey(power.siid, power.piid)],
      create: (context, sink) => new PowerMeter(context, plan, sink),
    };
  },
};
