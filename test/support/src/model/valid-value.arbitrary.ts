/**
 * fast-check arbitraries of values for one property: `validValue(spec)` draws only values
 * `isValidValue(spec, ·)` accepts, `invalidValue(spec)` only values it rejects, over every way
 * a value can be wrong (PROTOCOL.md section 2).
 *
 * Every invalid value is JSON-representable (no NaN, Infinity or undefined), so conformance
 * generators can send them. Strings with lone surrogates are invalid too but are not drawn:
 * whether a device rejects them as -4005 or its JSON parser as -32700 is not settled by EDP/1.
 */
import fc from 'fast-check';
import { fitsStep, INTEGER_LIMITS, isIntegerFormat } from '../../../../src/model/formats.js';
import { DEFAULT_MAX_LENGTH, type PropertySpec, type PropertyValue } from '../../../../src/model/types.js';
import { isValidValue, sameValue } from '../../../../src/model/values.js';

/** Strings of any code point but lone surrogates, or of printable ASCII (easier to read). */
function text(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme-ascii', minLength, maxLength }),
    fc.string({ unit: 'binary', minLength, maxLength }),
  );
}

/** A value valid for `spec`; bounds (min, max, longest string) come up often. */
export function validValue(spec: PropertySpec): fc.Arbitrary<PropertyValue> {
  if (spec.values !== undefined) return fc.constantFrom(...spec.values.map((v) => v.value));
  switch (spec.format) {
    case 'bool':
      return fc.boolean();
    case 'string': {
      const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
      return fc.oneof(
        { weight: 4, arbitrary: text(0, Math.min(max, 40)) },
        { weight: 1, arbitrary: text(max, max) },
      );
    }
    default:
      break;
  }
  if (spec.range !== undefined) return rangeValue(spec.range);
  if (isIntegerFormat(spec.format)) {
    const [lo, hi] = INTEGER_LIMITS[spec.format];
    return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(lo, hi));
  }
  return fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    fc.integer({ min: -1000, max: 1000 }).map((n) => n / 10),
  );
}

/**
 * A grid point min + k·step. Grid points too far from min for the 1e-9 tolerance to recognise
 * (huge float ranges with fractional steps) cannot be reported validly by any device; the
 * arbitrary gives min for them rather than an invalid value.
 */
function rangeValue([min, max, step]: readonly [number, number, number]): fc.Arbitrary<number> {
  const last = Math.round((max - min) / step);
  const point = (k: number): number => {
    if (k >= last) return max;
    const exact = min + k * step;
    const tidy = Number(exact.toPrecision(15));
    if (tidy >= min && tidy <= max && fitsStep(tidy, min, step)) return tidy;
    return exact <= max && fitsStep(exact, min, step) ? exact : min;
  };
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: last }) },
      { weight: 1, arbitrary: fc.constantFrom(0, last) },
    )
    .map(point);
}

/** A JSON value `isValidValue(spec, ·)` rejects. */
export function invalidValue(spec: PropertySpec): fc.Arbitrary<unknown> {
  const kinds: fc.Arbitrary<unknown>[] = [wrongType(spec)];
  if (isIntegerFormat(spec.format)) {
    const [lo, hi] = INTEGER_LIMITS[spec.format];
    kinds.push(fc.integer({ min: 1, max: 1000 }).map((k) => lo - k));
    kinds.push(fc.integer({ min: 1, max: 1000 }).map((k) => hi + k));
    kinds.push(validNumber(spec).map((v) => v + 0.5));
  }
  if (spec.range !== undefined) {
    const [min, max, step] = spec.range;
    kinds.push(fc.integer({ min: 1, max: 100 }).map((k) => min - k * step));
    kinds.push(fc.integer({ min: 1, max: 100 }).map((k) => max + k * step));
    if (max - min >= step && step > 1e-6) {
      const last = Math.round((max - min) / step);
      kinds.push(fc.integer({ min: 0, max: last - 1 }).map((k) => min + (k + 0.5) * step));
    }
  }
  if (spec.values !== undefined) kinds.push(notListed(spec));
  if (spec.format === 'string') {
    const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
    kinds.push(fc.integer({ min: 1, max: 5 }).chain((extra) => text(max + extra, max + extra)));
  }
  return fc.oneof(...kinds).filter((value) => !isValidValue(spec, value));
}

function wrongType(spec: PropertySpec): fc.Arbitrary<unknown> {
  const structures = fc.constantFrom<unknown>(null, [], {}, [1], { value: 1 });
  switch (spec.format) {
    case 'bool':
      return fc.oneof(fc.constantFrom(0, 1), fc.constantFrom('true', 'false', ''), structures);
    case 'string':
      return fc.oneof(fc.integer(), fc.boolean(), structures);
    default:
      return fc.oneof(
        fc.boolean(),
        validNumber(spec).map((n) => String(n)),
        structures,
      );
  }
}

function validNumber(spec: PropertySpec): fc.Arbitrary<number> {
  if (spec.values !== undefined) {
    const numbers = spec.values.map((v) => v.value).filter((v): v is number => typeof v === 'number');
    if (numbers.length > 0) return fc.constantFrom(...numbers);
  }
  return validValue({ ...spec, values: undefined }) as fc.Arbitrary<number>;
}

/** A value of the right format that is not one of the listed values. */
function notListed(spec: PropertySpec): fc.Arbitrary<unknown> {
  const listed = (spec.values ?? []).map((v) => v.value);
  const unlisted = (value: unknown) => !listed.some((v) => sameValue(v, value));
  if (spec.format === 'bool') {
    const missing = [true, false].filter(unlisted);
    return missing.length > 0 ? fc.constantFrom(...missing) : wrongType(spec);
  }
  return fc
    .oneof(validValue({ ...spec, values: undefined }), fc.constantFrom(...listed).map(bump))
    .filter(unlisted);
}

/** A near neighbour of a listed value, often just outside the enumeration. */
function bump(value: PropertyValue): PropertyValue {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}x`;
  return !value;
}
