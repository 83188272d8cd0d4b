/**
 * fast-check arbitrary of values VALID for one property (section 2), biased towards the edges
 * where devices go wrong: min, max, one step inside each, the longest string.
 */
import fc from 'fast-check';
import {
  DEFAULT_MAX_LENGTH,
  INTEGER_LIMITS,
  isIntegerFormat,
  type PropertySpec,
  type PropertyValue,
} from '../../src/model/index.js';
import { gridPoint, gridSize } from './grid.js';

export interface PropertyValueConstraints {
  /** Longest string drawn apart from the maxLength edge case. Default 24. */
  readonly maxStringLength?: number;
}

export function propertyValue(
  spec: PropertySpec,
  constraints: PropertyValueConstraints = {},
): fc.Arbitrary<PropertyValue> {
  const maxStringLength = constraints.maxStringLength ?? 24;
  if (spec.values !== undefined && spec.values.length > 0)
    return fc.constantFrom(...spec.values.map((v) => v.value));
  if (spec.format === 'bool') return fc.boolean();
  if (spec.format === 'string') {
    const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
    const chars = (min: number, most: number) =>
      fc.oneof(
        fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: most }),
        fc.string({ unit: 'binary', minLength: min, maxLength: most }),
      );
    // The longest allowed string is an edge worth hitting, but not one that would overflow a message.
    const longest = max <= 4096 ? [{ weight: 1, arbitrary: chars(max, max) }] : [];
    return fc.oneof({ weight: 5, arbitrary: chars(0, Math.min(max, maxStringLength)) }, ...longest);
  }
  const range = spec.range;
  if (range !== undefined) {
    const last = gridSize(range);
    const edges = [...new Set([0, last, Math.min(1, last), Math.max(last - 1, 0)])];
    return fc
      .oneof(
        { weight: 2, arbitrary: fc.constantFrom(...edges) },
        { weight: 3, arbitrary: fc.integer({ min: 0, max: last }) },
      )
      .map((k) => gridPoint(spec, range, k));
  }
  if (isIntegerFormat(spec.format)) {
    const [lo, hi] = INTEGER_LIMITS[spec.format];
    return fc.oneof(
      fc.constantFrom(lo, hi),
      fc.integer({ min: lo, max: hi }),
      fc.integer({ min: Math.max(lo, -100), max: Math.min(hi, 100) }),
    );
  }
  return fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map((n) => n / 10),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  );
}
