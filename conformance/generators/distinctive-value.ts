/**
 * A valid value other than `current` that a device is unlikely to hold by default (not an edge
 * of its range, not the first enumerated value, not false or ""): what a check writes to see
 * later whether the device kept it. Falls back to any other valid value.
 */
import type { PropertySpec, PropertyValue } from '../../src/model/index.js';
import { isValidValue, sameValue } from '../../src/model/index.js';
import { alternativeValue } from './alternative-value.js';
import { gridPoint, gridSize } from './grid.js';

export function distinctiveValue(
  spec: PropertySpec,
  current: unknown,
  /** Values to avoid besides `current` (what the device held when it first came online). */
  avoid: readonly unknown[] = [],
): PropertyValue | undefined {
  const fitsHere = (v: PropertyValue) =>
    isValidValue(spec, v) && !sameValue(v, current) && !avoid.some((a) => sameValue(v, a));
  const candidates: PropertyValue[] = [];
  if (spec.values !== undefined) {
    const values = spec.values.map((v) => v.value);
    candidates.push(...values.slice(Math.floor(values.length / 2)), ...values.slice(1));
  } else if (spec.format === 'string') {
    candidates.push('fleetcert-kept-7', 'kept');
  } else if (spec.range !== undefined) {
    const range = spec.range;
    const last = gridSize(range);
    for (const k of [Math.floor(last / 3), Math.floor((2 * last) / 3), Math.floor(last / 2)]) {
      if (k > 0 && k < last) candidates.push(gridPoint(spec, range, k));
    }
  } else if (spec.format !== 'bool') {
    candidates.push(37, 3);
  }
  const alternative = alternativeValue(spec, current);
  return (
    candidates.find(fitsHere) ??
    (alternative !== undefined && fitsHere(alternative) ? alternative : undefined)
  );
}

/** How many distinct values a property can take, capped: checks prefer properties where a default is easy to tell apart. */
export function valueVariety(spec: PropertySpec): number {
  if (spec.values !== undefined) return spec.values.length;
  if (spec.format === 'bool') return 2;
  if (spec.range !== undefined) return Math.min(1_000, gridSize(spec.range) + 1);
  return 1_000;
}
