import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/random.js';
import { hasFault, shouldFire } from './should-fire.js';

describe('shouldFire', () => {
  it('never fires a fault that is not in the plan, always fires rate 1 without drawing', () => {
    const random = createRandom(1);
    const control = createRandom(1);
    expect(shouldFire([{ name: 'lost-write', rate: 1 }], 'missing-event', random)).toBe(false);
    expect(shouldFire([{ name: 'lost-write', rate: 1 }], 'lost-write', random)).toBe(true);
    expect(shouldFire([{ name: 'lost-write', rate: 0 }], 'lost-write', random)).toBe(false);
    expect(random.next()).toBe(control.next());
  });

  it('fires about `rate` of the time, replayably from the seed', () => {
    const draws = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 2000 }, () =>
        shouldFire([{ name: 'drop-replies', rate: 0.2 }], 'drop-replies', random),
      );
    };
    const fired = draws(3).filter(Boolean).length;
    expect(fired).toBeGreaterThan(300);
    expect(fired).toBeLessThan(500);
    expect(draws(3)).toEqual(draws(3));
  });

  it('hasFault ignores rate 0', () => {
    expect(hasFault([{ name: 'no-will', rate: 1 }], 'no-will')).toBe(true);
    expect(hasFault([{ name: 'lost-write', rate: 0 }], 'lost-write')).toBe(false);
  });
});
