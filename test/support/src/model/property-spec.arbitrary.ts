/**
 * fast-check arbitrary of one property's own definition (no `when`: guards need the whole
 * service and are added by device-model.arbitrary.ts). Every format, with ranges (negative
 * mins, fractional steps), value enumerations, maxLength and volatile.
 */
import fc from 'fast-check';
import { FORMATS, fitsStep, INTEGER_LIMITS, type IntegerFormat } from '../../../../src/model/formats.js';
import type { Access, Format, PropertySpec, Range, ValueDescription } from '../../../../src/model/types.js';
import { validValue } from './valid-value.arbitrary.js';

export interface PropertySpecConstraints {
  /** Formats to draw from. Default: all nine. */
  readonly formats?: readonly Format[];
  /** Whether `volatile: true` may appear. Default true. */
  readonly volatile?: boolean;
  /** Largest number of steps in a generated range. Default 2000. */
  readonly maxRangeSteps?: number;
}

const NAMES = [
  'on',
  'level',
  'mode',
  'speed',
  'target',
  'reading',
  'label',
  'state',
  'count',
  'offset',
  'colour',
  'timer',
];
const FLOAT_STEPS = [0.1, 0.5, 0.25, 0.01, 0.001, 1, 2.5, 5, 0.2];

export function propertySpec(
  piid: number,
  constraints: PropertySpecConstraints = {},
): fc.Arbitrary<PropertySpec> {
  const formats = constraints.formats ?? FORMATS;
  const maxSteps = constraints.maxRangeSteps ?? 2000;
  return fc
    .record({
      name: fc.constantFrom(...NAMES).map((name) => `${name}-${piid}`),
      format: fc.constantFrom(...formats),
      access: fc.shuffledSubarray<Access>(['read', 'write', 'notify'], { minLength: 1 }),
      volatile:
        constraints.volatile === false
          ? fc.constant(undefined)
          : fc.option(fc.boolean(), { freq: 3, nil: undefined }),
    })
    .chain(({ name, format, access, volatile }) =>
      constraintsFor(format, maxSteps).map((extra) => {
        const spec: PropertySpec = { piid, name, format, access, ...extra };
        return volatile === undefined ? spec : { ...spec, volatile };
      }),
    );
}

type Extra = Pick<PropertySpec, 'range' | 'values' | 'maxLength'>;

function constraintsFor(format: Format, maxSteps: number): fc.Arbitrary<Extra> {
  switch (format) {
    case 'bool':
      return fc.oneof(
        { weight: 5, arbitrary: fc.constant({}) },
        {
          weight: 1,
          arbitrary: fc
            .shuffledSubarray([true, false], { minLength: 1 })
            .map((vs) => ({ values: described(vs) })),
        },
      );
    case 'string':
      return fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }).chain((maxLength) => {
        const base: Fc<Extra> = fc.constant(maxLength === undefined ? {} : { maxLength });
        const probe: PropertySpec = {
          piid: 1,
          name: '',
          format,
          access: ['read'],
          maxLength: Math.min(maxLength ?? 12, 12),
        };
        const values = fc
          .uniqueArray(validValue(probe), { minLength: 1, maxLength: 5 })
          .map((vs) => ({ ...(maxLength === undefined ? {} : { maxLength }), values: described(vs) }));
        return fc.oneof({ weight: 3, arbitrary: base }, { weight: 1, arbitrary: values });
      });
    case 'float':
      return fc.oneof(
        fc.constant({}),
        floatRange(maxSteps).map((range) => ({ range })),
        floatValues().map((values) => ({ values })),
      );
    default:
      return fc.oneof(
        fc.constant({}),
        integerRange(format as IntegerFormat, maxSteps).map((range) => ({ range })),
        integerValues(format as IntegerFormat).map((values) => ({ values })),
      );
  }
}

type Fc<T> = fc.Arbitrary<T>;

function described(values: readonly (boolean | number | string)[]): ValueDescription[] {
  return values.map((value, i) => ({ value, description: `choice ${i}` }));
}

function integerRange(format: IntegerFormat, maxSteps: number): Fc<Range> {
  const [lo, hi] = INTEGER_LIMITS[format];
  return fc
    .record({
      min: fc.oneof(
        fc.integer({ min: lo, max: hi }),
        fc.integer({ min: Math.max(lo, -100), max: Math.min(hi, 100) }),
        fc.constant(lo),
      ),
      step: fc.oneof(
        { weight: 4, arbitrary: fc.constant(1) },
        { weight: 2, arbitrary: fc.integer({ min: 1, max: 10 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
      ),
    })
    .chain(({ min, step }) => {
      const most = Math.min(maxSteps, Math.floor((hi - min) / step));
      return fc
        .oneof(fc.integer({ min: 0, max: most }), fc.constant(most))
        .map((n): Range => [min, min + n * step, step]);
    });
}

function integerValues(format: IntegerFormat): Fc<ValueDescription[]> {
  const [lo, hi] = INTEGER_LIMITS[format];
  const near = fc.integer({ min: Math.max(lo, -10), max: Math.min(hi, 10) });
  return fc
    .uniqueArray(fc.oneof(near, fc.integer({ min: lo, max: hi })), { minLength: 1, maxLength: 6 })
    .map(described);
}

/** Decimal ranges such as [-40, 125, 0.1]; magnitudes stay where 1e-9 can tell grid points apart. */
function floatRange(maxSteps: number): Fc<Range> {
  return fc
    .record({
      step: fc.constantFrom(...FLOAT_STEPS),
      start: fc.integer({ min: -20_000, max: 20_000 }),
      n: fc.oneof(fc.integer({ min: 0, max: maxSteps }), fc.constant(0), fc.integer({ min: 1, max: 20 })),
    })
    .map(({ step, start, n }): Range => {
      const min = tidy(start * step);
      return [min, tidy(min + n * step), step];
    })
    .filter(([min, max, step]) => fitsStep(max, min, step));
}

function floatValues(): Fc<ValueDescription[]> {
  const number = fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map((n) => n / 4),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  );
  return fc.uniqueArray(number, { minLength: 1, maxLength: 5 }).map(described);
}

function tidy(x: number): number {
  const y = Number(x.toPrecision(12));
  return Object.is(y, -0) ? 0 : y;
}
