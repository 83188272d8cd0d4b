/**
 * Request ids for controllers (EDP-RPC-5): a device keys its 60 s duplicate window on the id
 * alone, so controllers that share a device over MQTT use random-looking ids that do not
 * collide. An id source walks a seeded permutation of 1..2^31−1, so it never repeats an id
 * within 2^31−1 draws (no memory needed) while two sources with different seeds look unrelated.
 */
import { createRandom, type Random } from '../random.js';
import { MAX_REQUEST_ID } from './codes.js';
import type { RequestId } from './types.js';

export interface RequestIdSource {
  /** The next id, in 1..2^31−1; no id comes back within 2^31−1 calls. */
  next(): RequestId;
}

const MASK_31 = 0x7fff_ffff;

export function createRequestIdSource(seed: number): RequestIdSource {
  const random = createRandom(seed);
  const permute = createIdPermutation(random);
  let counter = random.int(1, MAX_REQUEST_ID);
  return {
    next(): RequestId {
      const position = counter;
      counter = counter === MAX_REQUEST_ID ? 1 : counter + 1;
      return permute(position);
    },
  };
}

/**
 * A keyed permutation of 1..2^31−1 drawn from `random` (four draws): ids that look random yet
 * never collide. Shared with the load planner, which maps a global request index to an id.
 */
export function createIdPermutation(random: Random): (position: RequestId) => RequestId {
  // Odd multipliers and xor keys make each step a bijection on 31-bit integers.
  const keyA = random.uint32() & MASK_31;
  const keyB = random.uint32() & MASK_31;
  const multiplierA = (random.uint32() | 1) & MASK_31;
  const multiplierB = (random.uint32() | 1) & MASK_31;
  const permute = (x: number): number => {
    let y = (x ^ keyA) & MASK_31;
    y = Math.imul(y, multiplierA) & MASK_31;
    y ^= y >>> 15;
    y = Math.imul(y, multiplierB) & MASK_31;
    y ^= y >>> 13;
    return (y + keyB) & MASK_31;
  };
  return (position) => {
    // Cycle-walking: 0 is not an id, so step past it; this stays a permutation of 1..2^31−1.
    let id = permute(position);
    while (id === 0) id = permute(id);
    return id;
  };
}
