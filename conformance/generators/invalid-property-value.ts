/**
 * fast-check arbitrary of values INVALID for one property (section 2: -4005), each with why:
 * one per constraint the property has (constraint-violations.ts: wrong JSON type, a fraction for
 * an integer format, beyond the format's limits, below min, above max, off the step, not one of
 * the enumerated values, longer than maxLength), plus an array and an object. A missing value is
 * the callers' own case (an item without `value`). Every value is JSON and checked invalid with
 * the model's own rules before use.
 */
import fc from 'fast-check';
import type { PropertySpec } from '../../src/model/index.js';
import { isValidValue } from '../../src/model/index.js';
import { constraintViolations } from './constraint-violations.js';

export interface InvalidValue {
  readonly value: unknown;
  readonly why: string;
}

export function invalidPropertyValue(spec: PropertySpec): fc.Arbitrary<InvalidValue> {
  const candidates: InvalidValue[] = [
    ...constraintViolations(spec)
      .filter((c) => c.missing !== true)
      .map((c) => ({ value: c.value, why: c.why })),
    { value: [], why: 'an array' },
    { value: {}, why: 'an object' },
  ].filter((c) => !isValidValue(spec, c.value));
  // A wrong JSON type is invalid for every format, so there is always at least one.
  return fc.constantFrom(...candidates);
}
