/**
 * `add` effects with clamp or wrap (PROTOCOL.md section 2), computed in whole steps so that
 * a float range (say 0..60 step 0.1) never drifts off its grid: the result is always valid.
 */

import type { OverflowMode, Range } from '../../src/model/index.js';
import { fitsStep } from '../../src/model/index.js';

/**
 * `value + by` within `range`: clamp gives min(max(r, min), max); wrap gives
 * min + ((r − min) mod (max − min + step)), the modulus taken non-negative.
 */
export function addInSteps(range: Range, value: number, by: number, overflow: OverflowMode): number {
  const [min, max, step] = range;
  const count = Math.round((max - min) / step);
  const moved = Math.round((value - min) / step) + Math.round(by / step);
  const size = count + 1;
  const k = overflow === 'clamp' ? Math.min(Math.max(moved, 0), count) : ((moved % size) + size) % size;
  return valueAtStep(range, k, count);
}

/** The k-th value of the range's grid, 0 ≤ k ≤ count, ends exact and float noise trimmed. */
export function valueAtStep(range: Range, k: number, count: number): number {
  const [min, max, step] = range;
  if (k <= 0) return min;
  if (k >= count) return max;
  const exact = min + k * step;
  // 0.1 * 3 is 0.30000000000000004: 15 significant digits give 0.3, still on the grid.
  const trimmed = Number(exact.toPrecision(15));
  return trimmed >= min && trimmed <= max && fitsStep(trimmed, min, step) ? trimmed : exact;
}
