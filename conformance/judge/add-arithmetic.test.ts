import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitsStep } from '../../src/model/formats.js';
import { addWithOverflow } from './add-arithmetic.js';

const rangeAndValue = fc
  .record({
    min: fc.integer({ min: -500, max: 500 }),
    steps: fc.integer({ min: 0, max: 200 }),
    step: fc.constantFrom(1, 2, 5, 0.1, 0.5, 0.25, 0.01),
  })
  .chain(({ min, steps, step }) => {
    const range = [min * step, min * step + steps * step, step] as const;
    return fc.record({
      range: fc.constant(range),
      k: fc.integer({ min: 0, max: steps }),
      by: fc.integer({ min: -3 * (steps + 1), max: 3 * (steps + 1) }).map((n) => n * step),
      overflow: fc.constantFrom('clamp' as const, 'wrap' as const),
    });
  });

describe('add with overflow (section 2)', () => {
  it('always lands on a valid grid point within the range', () => {
    fc.assert(
      fc.property(rangeAndValue, ({ range, k, by, overflow }) => {
        const [min, max, step] = range;
        const result = addWithOverflow(min + k * step, by, range, overflow);
        expect(result).toBeGreaterThanOrEqual(min - 1e-9);
        expect(result).toBeLessThanOrEqual(max + 1e-9);
        expect(fitsStep(result, min, step)).toBe(true);
      }),
    );
  });
  it('clamp is min(max(v + N, min), max) and wrap goes round', () => {
    expect(addWithOverflow(999, 1, [1, 999, 1], 'wrap')).toBe(1);
    expect(addWithOverflow(1, -1, [1, 999, 1], 'wrap')).toBe(999);
    expect(addWithOverflow(95, 10, [1, 100, 1], 'clamp')).toBe(100);
    expect(addWithOverflow(5, -10, [1, 100, 1], 'clamp')).toBe(1);
    expect(addWithOverflow(124.9, 0.2, [-40, 125, 0.1], 'wrap')).toBe(-40);
    expect(addWithOverflow(125, 0.2, [-40, 125, 0.1], 'wrap')).toBe(-39.9);
    expect(addWithOverflow(0.2, 0.1, [0, 60, 0.1], 'wrap')).toBe(0.3);
  });
});
