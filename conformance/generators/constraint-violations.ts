/**
 * One invalid value per constraint a property has (section 2), for the enumerated cases that
 * every certification sends whatever the seed (EDP-PROP-4 writes, EDP-ACT-2 `in` arguments):
 * a missing value, wrong JSON types (0/1 for bool, a numeric string for a number, a number for a
 * string, null), a fraction for an integer format, each side of the format's limits, below min,
 * above max, off the step grid, not in `values`, maxLength + 1 code points. Each value breaks its
 * constraint and, where the model leaves room, nothing else (an off-grid uint8 with step 1 can
 * only be a fraction; below a min that is the format's lowest limit is beyond the limits too).
 * Deterministic and for any valid model: every value is JSON and checked invalid by the model's
 * own rules before use.
 */
import {
  codePointLength,
  DEFAULT_MAX_LENGTH,
  INTEGER_LIMITS,
  type IntegerFormat,
  isIntegerFormat,
  isNumericFormat,
  isValidValue,
  type PropertySpec,
  type Range,
  sameValue,
} from '../../src/model/index.js';

export type Constraint =
  | 'missing'
  | 'type'
  | 'fraction'
  | 'limits'
  | 'min'
  | 'max'
  | 'step'
  | 'values'
  | 'maxLength';

export interface ConstraintViolation {
  readonly constraint: Constraint;
  /** The value to send; absent (not even `undefined` in the item) when `missing` is true. */
  readonly value?: unknown;
  readonly missing?: true;
  /** Which constraint, in a partner's words: `off the step grid of [1,100,1]`. */
  readonly why: string;
}

/** Longest string sent for maxLength: a longer one would crowd a message's 65,536 bytes. */
export const LONGEST_TOO_LONG = 16_384;

export function constraintViolations(spec: PropertySpec): ConstraintViolation[] {
  const out: ConstraintViolation[] = [];
  const add = (constraint: Constraint, value: unknown, why: string) => {
    if (!isValidValue(spec, value)) out.push({ constraint, value, why });
  };
  // The model's own constraints first (the subtlest, the step, leading), then the format's: a
  // device that ignores one is blamed by its name, after as few requests as possible.
  if (spec.range !== undefined && isNumericFormat(spec.format)) ranged(spec, spec.range, add);
  if (spec.values !== undefined) {
    const other = unlisted(spec);
    if (other !== undefined) add('values', other, `not one of the values ${listed(spec)}`);
  }
  if (spec.format === 'string') {
    const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
    if (max + 1 <= LONGEST_TOO_LONG)
      add('maxLength', 'x'.repeat(max + 1), `${max + 1} code points, longer than maxLength ${max}`);
  }
  if (isIntegerFormat(spec.format)) integerOnly(spec, spec.format, add);
  for (const [value, why] of wrongTypes(spec)) add('type', value, why);
  out.push({ constraint: 'missing', missing: true, why: 'no value' });
  return out;
}

type Add = (constraint: Constraint, value: unknown, why: string) => void;

function wrongTypes(spec: PropertySpec): Array<[unknown, string]> {
  const common: Array<[unknown, string]> = [[null, `null for ${spec.format}`]];
  if (spec.format === 'bool')
    return [
      [1, '1 for bool (JSON true/false only)'],
      [0, '0 for bool (JSON true/false only)'],
      ['true', 'a string for bool'],
      ...common,
    ];
  if (spec.format === 'string') return [[7, 'a number for string'], [false, 'a bool for string'], ...common];
  return [
    [String(sampleNumber(spec)), `a numeric string for ${spec.format}`],
    [true, `a bool for ${spec.format}`],
    ...common,
  ];
}

/** A valid number of the property, for the numeric string. */
function sampleNumber(spec: PropertySpec): number {
  const first = spec.values?.[0]?.value;
  if (typeof first === 'number') return first;
  if (spec.range !== undefined) return spec.range[0];
  return isIntegerFormat(spec.format) ? Math.max(INTEGER_LIMITS[spec.format][0], 0) : 0;
}

function integerOnly(spec: PropertySpec, format: IntegerFormat, add: Add): void {
  const [lo, hi] = INTEGER_LIMITS[format];
  add('fraction', fractionBase(spec, hi) + 0.5, `a fraction for ${format}`);
  add('limits', lo - 1, `below the ${format} limits ${lo}..${hi}`);
  add('limits', hi + 1, `above the ${format} limits ${lo}..${hi}`);
}

/** A valid whole number whose next half is still within the limits (inside the range when it has room). */
function fractionBase(spec: PropertySpec, hi: number): number {
  const numbers = (spec.values ?? []).map((v) => v.value).filter((v): v is number => typeof v === 'number');
  const listedBase = numbers.find((v) => v < hi);
  if (listedBase !== undefined) return listedBase;
  if (numbers.length > 0) return hi - 1;
  if (spec.range !== undefined) return spec.range[0] < hi ? spec.range[0] : hi - 1;
  return 0;
}

function ranged(spec: PropertySpec, range: Range, add: Add): void {
  const [min, max, step] = range;
  const text = `[${min},${max},${step}]`;
  const limits = isIntegerFormat(spec.format) ? INTEGER_LIMITS[spec.format] : undefined;
  // One step beyond is on the grid's extension: only min or max is broken, unless the format's
  // limit is in the way; then a value inside the limits (off the grid), else the limit is broken too.
  const below = limits !== undefined && min - step < limits[0] && min > limits[0] ? min - 1 : min - step;
  const above = limits !== undefined && max + step > limits[1] && max < limits[1] ? max + 1 : max + step;
  if (max > min) {
    const k = Math.floor(Math.round((max - min) / step) / 2);
    const point = tidy(min + k * step);
    // A whole number off the grid where the step leaves room; else the half step (a fraction).
    const off = limits !== undefined && step >= 2 ? point + 1 : tidy(point + step / 2);
    add('step', off, `off the step grid of ${text}`);
  }
  add('min', tidy(below), `below min of ${text}`);
  add('max', tidy(above), `above max of ${text}`);
}

/** A value of the property's JSON type, within its format's limits and maxLength, that `values` does not list. */
function unlisted(spec: PropertySpec): unknown {
  const values = (spec.values ?? []).map((v) => v.value);
  const free = (c: unknown) => !values.some((v) => sameValue(v, c));
  if (spec.format === 'bool') return [true, false].find(free);
  if (spec.format === 'string') {
    const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
    const candidates = ['not-listed', ...'xyzabcdefghijklmnopqrstuvw0123456789'.split(''), ''];
    return candidates.find((c) => codePointLength(c) <= max && free(c));
  }
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const candidates = [Math.max(...numbers) + 1, Math.min(...numbers) - 1, 0, 1, -1, 2, 3, 0.5];
  const [lo, hi] = isIntegerFormat(spec.format)
    ? INTEGER_LIMITS[spec.format]
    : [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return candidates.find(
    (c) =>
      Number.isFinite(c) &&
      c >= lo &&
      c <= hi &&
      (spec.format === 'float' || Number.isInteger(c)) &&
      free(c) &&
      // Beyond 2^53 "max + 1" is max again.
      !numbers.some((n) => n === c),
  );
}

function listed(spec: PropertySpec): string {
  return (spec.values ?? []).map((v) => JSON.stringify(v.value)).join(', ');
}

/** Decimal arithmetic noise removed (-40 - 0.1 is -40.1, not -40.099999999999994). */
function tidy(x: number): number {
  const y = Number(x.toPrecision(15));
  return Object.is(y, -0) ? 0 : y;
}
