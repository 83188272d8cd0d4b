/**
 * The `add` effect (section 2): r = v + N; clamp gives min(max(r, min), max); wrap gives
 * min + ((r − min) mod (max − min + step)), mod taken non-negative. Wrap is computed in whole
 * steps so that float ranges (step 0.1) land exactly on the grid rather than a hair past max.
 */
import type { OverflowMode, Range } from '../../src/model/index.js';

export function addWithOverflow(value: number, by: number, range: Range, overflow: OverflowMode): number {
  const [min, max, step] = range;
  const raw = value + by;
  if (overflow === 'clamp') return Math.min(Math.max(raw, min), max);
  const steps = Math.round((raw - min) / step);
  const span = Math.round((max - min) / step) + 1;
  const wrapped = ((steps % span) + span) % span;
  return snap(min + wrapped * step, step);
}

// Keep float results as close to the decimal grid as the step allows (0.1 + 0.2 → 0.3).
function snap(value: number, step: number): number {
  if (Number.isInteger(step)) return Math.round(value);
  const decimals = Math.min(15, Math.max(0, -Math.floor(Math.log10(step)) + 2));
  return Number(value.toFixed(decimals));
}
