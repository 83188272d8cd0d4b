/**
 * Points of a numeric range's grid, min + k·step (section 2). Computed points that the
 * protocol's 1e-9 tolerance would not recognise (huge float ranges with tiny steps) fall back
 * to min or max, so generators never send an "invalid" valid value.
 */
import type { PropertySpec, Range } from '../../src/model/index.js';
import { isValidValue } from '../../src/model/index.js';

export function gridSize(range: Range): number {
  const [min, max, step] = range;
  return Math.round((max - min) / step);
}

export function gridPoint(spec: PropertySpec, range: Range, k: number): number {
  const [min, max, step] = range;
  const last = gridSize(range);
  if (k <= 0) return min;
  if (k >= last) return max;
  const raw = min + k * step;
  const tidy = Number(raw.toPrecision(15));
  if (isValidValue(spec, tidy)) return tidy;
  if (isValidValue(spec, raw)) return raw;
  return k < last / 2 ? min : max;
}
