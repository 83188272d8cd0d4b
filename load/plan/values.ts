/**
 * Valid values for a property spec, from a seeded source or from an index on the property's
 * value grid. Used to write `set_properties` and action parameters, and to encode telemetry
 * sequence numbers into values (./telemetry.ts). Any valid model, not only the reference ones.
 */

import type { Random } from '../../src/index.js';
import {
  codePointLength,
  DEFAULT_MAX_LENGTH,
  INTEGER_LIMITS,
  isIntegerFormat,
  type PropertySpec,
  type PropertyValue,
} from '../../src/model/index.js';

/** Float properties without a range are written on this grid, away from float noise. */
const FLOAT_GRID = { min: -1000, max: 1000, step: 0.5 } as const;

/** How many distinct values the grid of `spec` has (capped at 2^31; strings: by length). */
export function gridSize(spec: PropertySpec): number {
  if (spec.values) return spec.values.length;
  switch (spec.format) {
    case 'bool':
      return 2;
    case 'string': {
      const digits = Math.min(9, spec.maxLength ?? DEFAULT_MAX_LENGTH);
      return 10 ** digits;
    }
    default: {
      const { min, max, step } = grid(spec);
      return Math.min(2 ** 31, Math.round((max - min) / step) + 1);
    }
  }
}

/** The value at `index` (0 ≤ index < gridSize) of the property's grid. */
export function valueAt(spec: PropertySpec, index: number): PropertyValue {
  if (spec.values) return (spec.values[index] ?? spec.values[0])?.value as PropertyValue;
  switch (spec.format) {
    case 'bool':
      return index % 2 === 1;
    case 'string':
      return String(index);
    default: {
      const { min, step } = grid(spec);
      const digits = Math.max(decimals(min), decimals(step));
      const raw = min + index * step;
      return digits === 0 ? Math.round(raw) : Number(raw.toFixed(Math.min(digits, 20)));
    }
  }
}

/** The grid index of `value`, or undefined when it is not on the grid. */
export function indexOf(spec: PropertySpec, value: unknown): number | undefined {
  if (spec.values) {
    const index = spec.values.findIndex((entry) => entry.value === value);
    return index < 0 ? undefined : index;
  }
  switch (spec.format) {
    case 'bool':
      return typeof value === 'boolean' ? Number(value) : undefined;
    case 'string':
      return typeof value === 'string' && /^\d{1,9}$/.test(value) && codePointLength(value) > 0
        ? Number(value)
        : undefined;
    default: {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      const { min, max, step } = grid(spec);
      if (value < min || value > max) return undefined;
      const index = Math.round((value - min) / step);
      return Math.abs(min + index * step - value) <= 1e-6 * Math.max(1, Math.abs(value)) ? index : undefined;
    }
  }
}

/** A valid value chosen uniformly from the property's grid. */
export function randomValue(spec: PropertySpec, random: Random): PropertyValue {
  const size = gridSize(spec);
  return valueAt(spec, random.int(0, Math.max(0, Math.min(size, 2 ** 31) - 1)));
}

function grid(spec: PropertySpec): { min: number; max: number; step: number } {
  if (spec.range) return { min: spec.range[0], max: spec.range[1], step: spec.range[2] };
  if (isIntegerFormat(spec.format)) {
    const [min, max] = INTEGER_LIMITS[spec.format];
    return { min, max, step: 1 };
  }
  return FLOAT_GRID;
}

function decimals(n: number): number {
  const text = String(n);
  if (text.includes('e')) {
    const [mantissa = '', exponent = '0'] = text.split('e');
    const dot = mantissa.indexOf('.');
    return Math.max(0, (dot < 0 ? 0 : mantissa.length - dot - 1) - Number(exponent));
  }
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
