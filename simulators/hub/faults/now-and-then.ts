/**
 * When a planted load fault fires: one opportunity in `every`, the first at a place drawn from
 * the hub's --seed, so a given seed fires at the same places of the same stream of
 * opportunities, and exactly ⌊(n + phase) / every⌋ of n opportunities fire (2 % for every = 50),
 * never none in a run of `every` or more.
 */
import { createRandom } from '../../../src/index.js';

/** One in 50: the "2 %" of the load faults. */
export const LOAD_FAULT_EVERY = 50;

export class NowAndThen {
  readonly #every: number;
  #count: number;

  constructor(seed: number, salt: number, every = LOAD_FAULT_EVERY) {
    this.#every = every;
    // The phase: opportunity number `every - phase` (1-based) is the first that fires.
    this.#count = Math.floor(createRandom(seed * 7919 + salt).next() * every);
  }

  /** True for the opportunities that fire. */
  fire(): boolean {
    this.#count++;
    if (this.#count < this.#every) return false;
    this.#count = 0;
    return true;
  }
}
