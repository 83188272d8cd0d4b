/**
 * fast-check arbitrary of values INVALID for one property (section 2: -4005), each with why:
 * wrong JSON type, outside the range or the format's limits, off the step, a fraction for an
 * integer format, not one of the enumerated values, longer than maxLength. Every value is
 * JSON (no NaN or Infinity) and is checked invalid with the model's own rules before use.
 */
import fc from 'fast-check';
import { INTEGER_LIMITS, isIntegerFormat, isNumericFormat } from '../../src/model/formats.js';
import { DEFAULT_MAX_LENGTH, type PropertySpec } from '../../src/model/types.js';
import { isValidValue } from '../../src/model/values.js';

export interface InvalidValue {
  readonly value: unknown;
  readonly why: string;
}

export function invalidPropertyValue(spec: PropertySpec): fc.Arbitrary<InvalidValue> {
  const candidates = invalidCandidates(spec).filter((c) => !isValidValue(spec, c.value));
  // A wrong JSON type is invalid for every format, so there is always at least one.
  return fc.constantFrom(...candidates);
}

function invalidCandidates(spec: PropertySpec): InvalidValue[] {
  const out: InvalidValue[] = [
    { value: null, why: 'null' },
    { value: [], why: 'an array' },
    { value: {}, why: 'an object' },
  ];
  if (spec.format === 'bool')
    out.push({ value: 1, why: 'a number for bool' }, { value: 'true', why: 'a string for bool' });
  else if (spec.format === 'string')
    out.push({ value: 7, why: 'a number for string' }, { value: false, why: 'a bool for string' });
  else out.push({ value: '5', why: 'a numeric string' }, { value: true, why: 'a bool for a number' });
  if (isNumericFormat(spec.format)) {
    if (isIntegerFormat(spec.format)) {
      const [lo, hi] = INTEGER_LIMITS[spec.format];
      out.push(
        { value: lo - 1, why: `below the ${spec.format} limits` },
        { value: hi + 1, why: `above the ${spec.format} limits` },
      );
      out.push({
        value: (spec.range?.[0] ?? Math.max(lo, 0)) + 0.5,
        why: 'a fraction for an integer format',
      });
    }
    if (spec.range !== undefined) {
      const [min, max, step] = spec.range;
      out.push(
        { value: min - step, why: 'one step below min' },
        { value: max + step, why: 'one step above max' },
      );
      if (max > min) out.push({ value: min + step / 2, why: 'off the step' });
    }
    if (spec.values !== undefined) {
      const numbers = spec.values.map((v) => v.value).filter((v): v is number => typeof v === 'number');
      if (numbers.length > 0)
        out.push({ value: Math.max(...numbers) + 1, why: 'not one of the enumerated values' });
    }
  }
  if (spec.format === 'string') {
    const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
    if (max < 8192) out.push({ value: 'x'.repeat(max + 1), why: `longer than maxLength ${max}` });
    if (spec.values !== undefined)
      out.push({ value: 'not-an-enumerated-value', why: 'not one of the enumerated values' });
  }
  if (spec.format === 'bool' && spec.values !== undefined) {
    for (const candidate of [true, false])
      out.push({ value: candidate, why: 'not one of the enumerated values' });
  }
  return out;
}
