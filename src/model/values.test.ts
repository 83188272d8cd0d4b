import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertySpec } from '../../test/support/src/model/property-spec.arbitrary.js';
import { invalidValue, validValue } from '../../test/support/src/model/valid-value.arbitrary.js';
import type { PropertySpec } from './types.js';
import { isValidValue, sameValue, valueProblem } from './values.js';

const spec = (extra: Partial<PropertySpec> & Pick<PropertySpec, 'format'>): PropertySpec => ({
  piid: 1,
  name: 'p',
  access: ['read'],
  ...extra,
});
const anySpec = fc.integer({ min: 1, max: 65535 }).chain((piid) => propertySpec(piid));

describe('value arbitraries agree with the rules of section 2', () => {
  it('validValue(spec) is always valid', () => {
    fc.assert(
      fc.property(
        anySpec.chain((s) => fc.tuple(fc.constant(s), validValue(s))),
        ([s, v]) => isValidValue(s, v),
      ),
      { numRuns: 2000 },
    );
  });

  it('validValue(spec) survives a JSON round trip (what a device actually receives)', () => {
    fc.assert(
      fc.property(
        anySpec.chain((s) => fc.tuple(fc.constant(s), validValue(s))),
        ([s, v]) => isValidValue(s, JSON.parse(JSON.stringify(v))),
      ),
      { numRuns: 1000 },
    );
  });

  it('invalidValue(spec) is never valid, and is JSON', () => {
    fc.assert(
      fc.property(
        anySpec.chain((s) => fc.tuple(fc.constant(s), invalidValue(s))),
        ([s, v]) => {
          expect(valueProblem(s, v)).toBeTypeOf('string');
          expect(isValidValue(s, JSON.parse(JSON.stringify(v)))).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('invalidValue reaches every kind of mistake', () => {
    const seen = new Set<string>();
    const specs = [
      spec({ format: 'uint8', range: [10, 20, 2] }),
      spec({ format: 'string', maxLength: 3, values: [{ value: 'a', description: 'a' }] }),
      spec({ format: 'bool', values: [{ value: true, description: 't' }] }),
    ];
    for (const s of specs)
      for (const v of fc.sample(invalidValue(s), { numRuns: 400, seed: 42 })) seen.add(kind(s, v));
    expect([...seen].sort()).toEqual([
      'fraction',
      'not listed',
      'off step',
      'out of range',
      'outside limits',
      'too long',
      'wrong type',
    ]);
  });
});

function kind(s: PropertySpec, v: unknown): string {
  const problem = valueProblem(s, v) ?? '';
  if (/^expected/.test(problem))
    return Number.isFinite(v) && s.format === 'uint8' ? 'fraction' : 'wrong type';
  if (/outside the limits/.test(problem)) return 'outside limits';
  if (/outside range/.test(problem)) return 'out of range';
  if (/not on a step/.test(problem)) return 'off step';
  if (/longer than maxLength/.test(problem)) return 'too long';
  if (/not one of/.test(problem)) return 'not listed';
  return problem;
}

describe('valueProblem examples (section 2)', () => {
  it('compares numbers by value: 50 and 50.0 are the same', () => {
    const s = spec({ format: 'uint8', values: [{ value: 50, description: 'half' }] });
    expect(isValidValue(s, JSON.parse('50.0'))).toBe(true);
    expect(isValidValue(spec({ format: 'uint8' }), JSON.parse('5e1'))).toBe(true);
    expect(sameValue(50, JSON.parse('50.0'))).toBe(true);
    expect(sameValue(50, '50')).toBe(false);
  });

  it('keeps the 1e-9 step tolerance', () => {
    const power = spec({ format: 'float', range: [0, 60, 0.1] });
    expect(isValidValue(power, 0.1 + 0.2)).toBe(true); // 0.30000000000000004
    expect(isValidValue(power, 60)).toBe(true);
    expect(isValidValue(power, 59.9 + 1e-10)).toBe(true);
    expect(valueProblem(power, 0.15)).toBe('0.15 is not on a step of 0.1 from 0');
    expect(valueProblem(power, 59.9 + 1e-8)).toMatch(/not on a step/);
    expect(valueProblem(power, 60.1)).toBe('60.1 is outside range 0..60');
    const temperature = spec({ format: 'float', range: [-40, 125, 0.1] });
    expect(isValidValue(temperature, 36.6)).toBe(true);
    expect(isValidValue(temperature, -39.9)).toBe(true);
  });

  it('counts maxLength in code points, not UTF-16 units', () => {
    const app = spec({ format: 'string', maxLength: 4 });
    expect(isValidValue(app, '😀😀😀😀')).toBe(true); // 8 UTF-16 units
    expect(valueProblem(app, '😀😀😀😀😀')).toBe('string of 5 code points is longer than maxLength 4');
    expect(isValidValue(spec({ format: 'string' }), 'x'.repeat(255))).toBe(true);
    expect(isValidValue(spec({ format: 'string' }), 'x'.repeat(256))).toBe(false);
  });

  it('rejects strings with lone surrogates', () => {
    expect(valueProblem(spec({ format: 'string' }), 'a\uD800')).toMatch(/lone UTF-16 surrogate/);
  });

  it('keeps formats apart: bool is never 0/1, integers are whole and within limits', () => {
    expect(valueProblem(spec({ format: 'bool' }), 1)).toBe('expected true or false (format bool), got 1');
    expect(valueProblem(spec({ format: 'uint8' }), 1.5)).toBe(
      'expected a whole number (format uint8), got 1.5',
    );
    expect(valueProblem(spec({ format: 'uint8' }), 256)).toBe('256 is outside the limits of uint8 (0..255)');
    expect(valueProblem(spec({ format: 'int8' }), -129)).toMatch(/outside the limits of int8/);
    expect(isValidValue(spec({ format: 'uint32' }), 4_294_967_295)).toBe(true);
    expect(valueProblem(spec({ format: 'float' }), '1')).toMatch(/expected a finite number/);
    expect(valueProblem(spec({ format: 'float' }), Number.NaN)).toMatch(/expected a finite number/);
    expect(valueProblem(spec({ format: 'uint8' }), undefined)).toBe(
      'expected a whole number (format uint8), got nothing',
    );
  });
});
