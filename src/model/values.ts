/**
 * Pure value checks shared by the simulators and the conformance judge
 * (PROTOCOL.md section 2: format, range, step, values, maxLength).
 * They are tested on their own, against the protocol's words.
 */
import { codePointLength, fitsStep, INTEGER_LIMITS, isIntegerFormat } from './formats.js';
import { DEFAULT_MAX_LENGTH, type PropertySpec, type PropertyValue } from './types.js';

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why `value` is not valid for `spec`, in words a partner can act on; `undefined` when it is valid. */
export function valueProblem(spec: PropertySpec, value: unknown): string | undefined {
  switch (spec.format) {
    case 'bool':
      if (typeof value !== 'boolean') return `expected true or false (format bool), got ${describe(value)}`;
      break;
    case 'string': {
      if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
      // A lone surrogate is not Unicode text: it has no code point count and no UTF-8 form.
      if (LONE_SURROGATE.test(value))
        return 'string contains a lone UTF-16 surrogate, which is not Unicode text';
      const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
      const length = codePointLength(value);
      if (length > max) return `string of ${length} code points is longer than maxLength ${max}`;
      break;
    }
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return `expected a finite number (format float), got ${describe(value)}`;
      break;
    default: {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        return `expected a whole number (format ${spec.format}), got ${describe(value)}`;
      }
      if (isIntegerFormat(spec.format)) {
        const [lo, hi] = INTEGER_LIMITS[spec.format];
        if (value < lo || value > hi)
          return `${value} is outside the limits of ${spec.format} (${lo}..${hi})`;
      }
    }
  }
  if (spec.range && typeof value === 'number') {
    const [min, max, step] = spec.range;
    if (value < min || value > max) return `${value} is outside range ${min}..${max}`;
    if (!fitsStep(value, min, step)) return `${value} is not on a step of ${step} from ${min}`;
  }
  if (spec.values && !spec.values.some((v) => sameValue(v.value, value))) {
    return `${describe(value)} is not one of the allowed values ${spec.values.map((v) => JSON.stringify(v.value)).join(', ')}`;
  }
  return undefined;
}

export function isValidValue(spec: PropertySpec, value: unknown): value is PropertyValue {
  return valueProblem(spec, value) === undefined;
}

/** Values are compared by value: `50` and `50.0` are the same (section 2). */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  // Not String(value) as a fallback: on a deeply nested array it recurses as JSON.stringify does,
  // and a RangeError here took a simulated device down. Values reaching here are bounded in depth
  // (src/bounded-json.ts); this fallback is for whatever else a caller passes.
  try {
    const text = JSON.stringify(value) ?? typeof value;
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
  }
}
