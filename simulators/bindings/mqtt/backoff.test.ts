import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/random.js';
import { createBackoff, FIRST_TRY_LIMIT_MS, RETRY_GAP_LIMIT_MS } from './backoff.js';

describe('reconnect backoff (EDP-MQTT-2)', () => {
  it('first try within 5 s, later ones at most 30 s apart, for any seed and settings', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: FIRST_TRY_LIMIT_MS }),
        fc.integer({ min: 0, max: RETRY_GAP_LIMIT_MS }),
        (seed, firstMs, extra) => {
          const maxMs = Math.min(RETRY_GAP_LIMIT_MS, firstMs + extra);
          const backoff = createBackoff(createRandom(seed), { firstMs, maxMs });
          const delays = Array.from({ length: 40 }, () => backoff.next());
          expect(delays[0]).toBeLessThanOrEqual(FIRST_TRY_LIMIT_MS);
          for (const delay of delays) {
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(RETRY_GAP_LIMIT_MS);
          }
          backoff.reset();
          expect(backoff.next()).toBeLessThanOrEqual(firstMs);
        },
      ),
    );
  });

  it('grows, jitters, and replays from its seed', () => {
    const delays = (seed: number) => {
      const backoff = createBackoff(createRandom(seed));
      return Array.from({ length: 8 }, () => backoff.next());
    };
    const a = delays(1);
    expect(delays(1)).toEqual(a);
    expect(delays(2)).not.toEqual(a);
    expect(a[0]).toBeGreaterThanOrEqual(500);
    expect(a[0]).toBeLessThanOrEqual(1_000);
    expect(a[7]).toBeGreaterThanOrEqual(15_000);
  });

  it('refuses settings that would break EDP-MQTT-2', () => {
    expect(() => createBackoff(createRandom(0), { firstMs: 6_000 })).toThrow(/firstMs/);
    expect(() => createBackoff(createRandom(0), { maxMs: 31_000 })).toThrow(/maxMs/);
  });
});
