/** `add` with clamp and wrap (section 2): results always valid and equal to the formula in steps. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitsStep } from '../../src/model/formats.js';
import type { Range } from '../../src/model/types.js';
import { addInSteps, valueAtStep } from './step-arithmetic.js';

const STEPS = [1, 2, 5, 0.1, 0.01, 0.25, 0.5, 0.001, 2.5, 0.3];

/** A range, a value on it (as its step index) and a move by whole steps. */
const scenario = fc
  .record({
    step: fc.constantFrom(...STEPS),
    minSteps: fc.integer({ min: -5000, max: 5000 }),
    count: fc.integer({ min: 0, max: 3000 }),
    by: fc.integer({ min: -7000, max: 7000 }),
  })
  .chain(({ step, minSteps, count, by }) =>
    fc.record({
      range: fc.constant([
        Number((minSteps * step).toPrecision(15)),
        Number(((minSteps + count) * step).toPrecision(15)),
        step,
      ] as Range),
      k: fc.integer({ min: 0, max: count }),
      count: fc.constant(count),
      by: fc.constant(Number((by * step).toPrecision(15))),
      byStepsCount: fc.constant(by),
    }),
  );

function isOnRange(range: Range, v: number): boolean {
  return v >= range[0] && v <= range[1] && fitsStep(v, range[0], range[2]);
}

describe('add effects (EDP-ACT-1)', () => {
  it('clamp: the result is valid and is min(max(v + by, min), max)', () => {
    fc.assert(
      fc.property(scenario, ({ range, k, count, by, byStepsCount }) => {
        const value = valueAtStep(range, k, count);
        const result = addInSteps(range, value, by, 'clamp');
        expect(isOnRange(range, result)).toBe(true);
        const expected = valueAtStep(range, Math.min(Math.max(k + byStepsCount, 0), count), count);
        expect(result).toBe(expected);
        expect(Math.abs(result - Math.min(Math.max(value + by, range[0]), range[1]))).toBeLessThan(
          1e-6 * Math.max(1, Math.abs(result)),
        );
      }),
    );
  });

  it('wrap: the result is valid and is min + ((v + by − min) mod (max − min + step))', () => {
    fc.assert(
      fc.property(scenario, ({ range, k, count, by, byStepsCount }) => {
        const value = valueAtStep(range, k, count);
        const result = addInSteps(range, value, by, 'wrap');
        expect(isOnRange(range, result)).toBe(true);
        const size = count + 1;
        expect(result).toBe(valueAtStep(range, (((k + byStepsCount) % size) + size) % size, count));
      }),
    );
  });

  it('keeps float ranges on the grid: 0..60 step 0.1 reaches 60 exactly and 0.3 not 0.30000000000000004', () => {
    const range: Range = [0, 60, 0.1];
    let v = 0;
    for (let i = 0; i < 3; i++) v = addInSteps(range, v, 0.1, 'clamp');
    expect(v).toBe(0.3);
    for (let i = 0; i < 700; i++) v = addInSteps(range, v, 0.1, 'clamp');
    expect(v).toBe(60);
    expect(addInSteps(range, 60, 0.1, 'wrap')).toBe(0);
    expect(addInSteps([1, 999, 1], 1, -1, 'wrap')).toBe(999);
  });
});
