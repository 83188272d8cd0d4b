/**
 * A valid value other than `current`, for checks that must see a change (state kept across a
 * reconnect, notifications reaching every controller). `undefined` when the property has only
 * one valid value.
 */
import {
  DEFAULT_MAX_LENGTH,
  INTEGER_LIMITS,
  isIntegerFormat,
  isValidValue,
  type PropertySpec,
  type PropertyValue,
  sameValue,
} from '../../src/model/index.js';
import { gridPoint, gridSize } from './grid.js';

export function alternativeValue(spec: PropertySpec, current: unknown): PropertyValue | undefined {
  return candidates(spec, current).find((v) => isValidValue(spec, v) && !sameValue(v, current));
}

function candidates(spec: PropertySpec, current: unknown): PropertyValue[] {
  if (spec.values !== undefined) return spec.values.map((v) => v.value);
  if (spec.format === 'bool') return [!current, true, false];
  if (spec.format === 'string') {
    const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
    return ['fleetcert', 'fc', 'x', ''].map((s) => s.slice(0, max));
  }
  const range = spec.range;
  if (range !== undefined) {
    const last = gridSize(range);
    return [last, 0, 1, last - 1].map((k) => gridPoint(spec, range, Math.max(0, Math.min(last, k))));
  }
  const base = typeof current === 'number' ? current : 0;
  const [lo, hi] = isIntegerFormat(spec.format) ? INTEGER_LIMITS[spec.format] : [-1e9, 1e9];
  return [base + 1, base - 1, lo, hi, 0];
}
