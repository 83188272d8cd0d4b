/**
 * "Every value valid for property A is valid for property B": needed by `set` effects that
 * copy an action's `in` item into a property (PROTOCOL.md section 2). Exact for finite domains
 * (enumerated), structural (interval and step grid) for large or infinite ones.
 */
import { fitsStep, INTEGER_LIMITS, isIntegerFormat, isNumericFormat } from '../formats.js';
import { DEFAULT_MAX_LENGTH, type PropertySpec, type PropertyValue } from '../types.js';
import { valueProblem } from '../values.js';
import { show } from './json.js';

/** Domains up to this size are compared value by value. */
const ENUMERATION_LIMIT = 4096;

/** Why some value valid for `inner` is invalid for `outer`; undefined when inner ⊆ outer. */
export function subsetProblem(inner: PropertySpec, outer: PropertySpec): string | undefined {
  const finite = enumerate(inner);
  if (finite !== undefined) {
    for (const value of finite) {
      const problem = valueProblem(outer, value);
      if (problem !== undefined) return `the in value ${show(value)} would be invalid here: ${problem}`;
    }
    return undefined;
  }
  if (inner.format === 'string') {
    if (outer.format !== 'string') return `the in property is a string and this property is ${outer.format}`;
    if (outer.values !== undefined)
      return 'the in property allows any string, this property only its listed values';
    const innerMax = inner.maxLength ?? DEFAULT_MAX_LENGTH;
    const outerMax = outer.maxLength ?? DEFAULT_MAX_LENGTH;
    if (innerMax > outerMax)
      return `the in property allows strings of ${innerMax} code points, this property only ${outerMax}`;
    return undefined;
  }
  if (!isNumericFormat(outer.format))
    return `the in property is ${inner.format} and this property is ${outer.format}`;
  if (outer.values !== undefined)
    return `the in property allows more values than the ${outer.values.length} this property lists`;
  const a = numericShape(inner);
  const b = numericShape(outer);
  if (a.min < b.min || a.max > b.max)
    return `the in property allows ${a.min}..${a.max}, this property only ${b.min}..${b.max}`;
  if (b.grid !== undefined) {
    if (a.grid === undefined)
      return `the in property allows any ${inner.format} number, this property only steps of ${b.grid.step} from ${b.grid.base}`;
    if (!fitsStep(a.grid.base, b.grid.base, b.grid.step) || !fitsStep(a.grid.step, 0, b.grid.step)) {
      return `the in property's steps of ${a.grid.step} from ${a.grid.base} do not all fall on this property's steps of ${b.grid.step} from ${b.grid.base}`;
    }
  }
  return undefined;
}

interface NumericShape {
  readonly min: number;
  readonly max: number;
  readonly grid: { readonly base: number; readonly step: number } | undefined;
}

function numericShape(spec: PropertySpec): NumericShape {
  const [lo, hi] = isIntegerFormat(spec.format)
    ? INTEGER_LIMITS[spec.format]
    : [-Number.MAX_VALUE, Number.MAX_VALUE];
  if (spec.range !== undefined) {
    const [min, max, step] = spec.range;
    return { min, max, grid: { base: min, step } };
  }
  return { min: lo, max: hi, grid: isIntegerFormat(spec.format) ? { base: 0, step: 1 } : undefined };
}

/** Every valid value of `spec` when there are at most ENUMERATION_LIMIT of them. */
export function enumerate(spec: PropertySpec): readonly PropertyValue[] | undefined {
  if (spec.values !== undefined) return spec.values.map((v) => v.value);
  if (spec.format === 'bool') return [true, false];
  if (spec.range !== undefined) {
    const [min, max, step] = spec.range;
    const last = Math.round((max - min) / step);
    if (last + 1 > ENUMERATION_LIMIT) return undefined;
    return Array.from({ length: last + 1 }, (_, k) => (k === last ? max : min + k * step));
  }
  if (isIntegerFormat(spec.format)) {
    const [lo, hi] = INTEGER_LIMITS[spec.format];
    if (hi - lo + 1 > ENUMERATION_LIMIT) return undefined;
    return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  }
  return undefined;
}
