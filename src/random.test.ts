import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('replays the same stream from the same seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRandom(seed);
        const b = createRandom(seed);
        for (let i = 0; i < 20; i++) expect(a.uint32()).toBe(b.uint32());
      }),
    );
  });

  it('next is in [0, 1), int in [lo, hi] inclusive, pick from the array', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1e9, max: 1e9 }), fc.nat(1000), (seed, lo, span) => {
        const random = createRandom(seed);
        const x = random.next();
        expect(x >= 0 && x < 1).toBe(true);
        const n = random.int(lo, lo + span);
        expect(Number.isInteger(n) && n >= lo && n <= lo + span).toBe(true);
        expect(['a', 'b', 'c']).toContain(random.pick(['a', 'b', 'c']));
      }),
    );
  });

  it('reaches both ends of a range and spreads evenly', () => {
    const random = createRandom(3);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6_000; i++) counts[random.int(0, 5)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(850);
  });

  it('handles spans wider than 2^32', () => {
    const random = createRandom(9);
    for (let i = 0; i < 100; i++) {
      const n = random.int(0, 2 ** 40);
      expect(Number.isInteger(n) && n >= 0 && n <= 2 ** 40).toBe(true);
    }
  });

  it('fork gives an independent stream and advances the parent by one draw', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    const child = a.fork();
    b.uint32();
    expect(a.uint32()).toBe(b.uint32());
    expect(child.uint32()).not.toBe(createRandom(5).uint32());
  });

  it('refuses bad arguments with a clear error', () => {
    expect(() => createRandom(Number.NaN)).toThrow(/finite/);
    expect(() => createRandom(1).int(5, 1)).toThrow(/lo <= hi/);
    expect(() => createRandom(1).pick([])).toThrow(/empty/);
  });
});
