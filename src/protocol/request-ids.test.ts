import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_REQUEST_ID } from './codes.js';
import { createRequestIdSource } from './request-ids.js';

const draw = (seed: number, n: number) => {
  const source = createRequestIdSource(seed);
  return Array.from({ length: n }, () => source.next());
};

describe('createRequestIdSource (EDP-RPC-5: ids that do not collide)', () => {
  it('gives valid ids that do not repeat within the window', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const ids = draw(seed, 5_000);
        for (const id of ids) {
          expect(Number.isInteger(id) && id >= 1 && id <= MAX_REQUEST_ID).toBe(true);
        }
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 20 },
    );
  });

  it('does not repeat over a long run (200,000 ids)', () => {
    const ids = draw(7, 200_000);
    expect(new Set(ids).size).toBe(200_000);
  });

  it('replays exactly from the same seed, and differs between seeds', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
  });

  it('looks random: not sequential, spread over the id space', () => {
    const ids = draw(1, 1_000);
    const steps = ids.slice(1).map((id, i) => id - (ids[i] as number));
    expect(steps.filter((s) => s === 1).length).toBeLessThan(5);
    const upperHalf = ids.filter((id) => id > MAX_REQUEST_ID / 2).length;
    expect(upperHalf).toBeGreaterThan(400);
    expect(upperHalf).toBeLessThan(600);
  });

  it('two controllers with different seeds rarely collide within 60 s worth of ids', () => {
    const a = new Set(draw(100, 10_000));
    const collisions = draw(200, 10_000).filter((id) => a.has(id)).length;
    // Expected about 10^8 / 2^31 ≈ 0.05 collisions.
    expect(collisions).toBeLessThanOrEqual(2);
  });
});
