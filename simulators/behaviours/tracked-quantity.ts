/**
 * A continuous quantity behind one numeric property: the behaviour integrates the exact
 * value, the device reports the nearest valid one. When something else changed the property
 * (an action's effect such as reset-filter-life), the quantity starts again from there.
 */
import type { Random } from '../../src/index.js';
import type { DeviceEngine } from '../engine/types.js';
import type { ChangeSink } from './change-sink.js';
import { type FoundProperty, nearestValidNumber, numericBounds } from './valid-values.js';

export class TrackedQuantity {
  readonly property: FoundProperty;
  #exact = 0;
  #written: number | undefined;

  constructor(property: FoundProperty) {
    this.property = property;
  }

  /** The exact value, taking over the device's value if it moved without us. */
  current(engine: DeviceEngine): number {
    const value = engine.read(this.property.siid, this.property.piid);
    if (typeof value === 'number' && value !== this.#written) {
      this.#exact = value;
      this.#written = value;
    }
    return this.#exact;
  }

  /** The value the device reports now (after the last write). */
  get reported(): number | undefined {
    return this.#written;
  }

  /** Set the exact value (kept within bounds) and report its nearest valid value. */
  write(sink: ChangeSink, exact: number, round: (x: number) => number = identity): number {
    const { min, max } = numericBounds(this.property.spec);
    this.#exact = Math.min(Math.max(exact, min), max);
    const value = nearestValidNumber(this.property.spec, round(this.#exact));
    this.#written = value;
    sink.set(this.property.siid, this.property.piid, value);
    return value;
  }
}

const identity = (x: number): number => x;

/** An approximately standard normal draw (Irwin–Hall of four uniforms), enough for sensor noise. */
export function gaussian(random: Random): number {
  return (random.next() + random.next() + random.next() + random.next() - 2) * Math.sqrt(3);
}

/** Whether a property is driven by a behaviour at all: only volatile ones change by themselves. */
export function isVolatile(found: FoundProperty | undefined): found is FoundProperty {
  return found?.spec.volatile === true;
}
