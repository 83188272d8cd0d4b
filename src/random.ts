/**
 * A small seeded pseudo-random source (mulberry32), so that every random choice in a run
 * flows from one seed and replays exactly. Not for secrets.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An unsigned 32-bit integer. */
  uint32(): number;
  /** An integer in [lo, hi], both inclusive; unbiased for spans up to 2^32. */
  int(lo: number, hi: number): number;
  /** One item of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** An independent source seeded from this one, for a sub-task that must not shift this stream. */
  fork(): Random;
}

const TWO_POW_32 = 0x1_0000_0000;

/** `seed` is any finite number; it is reduced to 32 bits (so 1 and 2^32 + 1 give the same stream). */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`createRandom: seed must be a finite number, got ${seed}`);
  let state = Math.trunc(seed) >>> 0;

  const uint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => uint32() / TWO_POW_32;

  const int = (lo: number, hi: number): number => {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new RangeError(`Random.int: need safe integers lo <= hi, got ${lo}, ${hi}`);
    }
    const span = hi - lo + 1;
    if (span <= TWO_POW_32) {
      // Rejection sampling keeps every value equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let draw = uint32();
      while (draw >= limit) draw = uint32();
      return lo + (draw % span);
    }
    const high = uint32() & 0x1f_ffff; // 21 bits + 32 bits = 53 bits
    return lo + Math.floor(((high * TWO_POW_32 + uint32()) / 2 ** 53) * span);
  };

  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('Random.pick: cannot pick from an empty array');
    return items[int(0, items.length - 1)] as T;
  };

  return {
    next,
    uint32,
    int,
    pick,
    chance: (p) => next() < p,
    fork: () => createRandom(uint32()),
  };
}
