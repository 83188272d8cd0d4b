/**
 * Comparing a predicted value with one the device reported. Values are compared by value
 * (section 2); numbers that came out of arithmetic (`add` effects on floats) may differ in the
 * last bits between two correct implementations, so numbers agree within the protocol's own
 * step tolerance (1e-9, relative for large magnitudes).
 */
import { STEP_TOLERANCE } from '../../src/model/index.js';

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) {
    return Math.abs(a - b) <= STEP_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return false;
}

/** Deep equality of parsed JSON, for stored responses (EDP-RPC-5): member order is free. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]));
}
