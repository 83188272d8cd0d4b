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
  return new Mulberry32(Math.trunc(seed) >>> 0);
}

/**
 * One object with one number of state and its methods on the prototype: fleets hold a stream
 * per simulated device, and closures per stream would cost hundreds of bytes each.
 * Call the methods on the object (`random.next()`); they are not bound.
 */
class Mulberry32 implements Random {
  private state: number;

  constructor(state: number) {
    this.state = state;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new RangeError(`Random.int: need safe integers lo <= hi, got ${lo}, ${hi}`);
    }
    const span = hi - lo + 1;
    if (span <= TWO_POW_32) {
      // Rejection sampling keeps every value equally likely.
      const limit = TWO_POW_32 - (TWO_POW_32 % span);
      let draw = this.uint32();
      while (draw >= limit) draw = this.uint32();
      return lo + (draw % span);
    }
    const high = this.uint32() & 0x1f_ffff; // 21 bits + 32 bits = 53 bits
    return lo + Math.floor(((high * TWO_POW_32 + this.uint32()) / 2 ** 53) * span);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick: cannot pick from an empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  fork(): Random {
    return createRandom(this.uint32());
  }
}
