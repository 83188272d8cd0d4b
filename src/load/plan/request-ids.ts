/**
 * Request ids from the global request index: a keyed bijection of 31-bit integers, so ids
 * look random (EDP-RPC-5: controllers sharing a device over MQTT use ids that do not
 * collide) yet no two requests of a run share an id, whichever shard sends them.
 */
import type { RequestId } from '../../protocol/types.js';
import { STREAM, streamFor } from './derive.js';

const MASK_31 = 0x7fff_ffff;

export interface RequestIdMap {
  /** The id of request `index` (0 ≤ index < 2^31 − 1), in 1..2^31−1. */
  idOf(index: number): RequestId;
}

export function createRequestIdMap(seed: number): RequestIdMap {
  const random = streamFor(seed, STREAM.requestIds, 0);
  const keyA = random.uint32() & MASK_31;
  const keyB = random.uint32() & MASK_31;
  const multiplierA = (random.uint32() | 1) & MASK_31;
  const multiplierB = (random.uint32() | 1) & MASK_31;
  // Each step is a bijection on 31-bit integers: xor, odd multiply, xorshift, add.
  const permute = (x: number): number => {
    let y = (x ^ keyA) & MASK_31;
    y = Math.imul(y, multiplierA) & MASK_31;
    y ^= y >>> 15;
    y = Math.imul(y, multiplierB) & MASK_31;
    y ^= y >>> 13;
    return (y + keyB) & MASK_31;
  };
  return {
    idOf(index: number): RequestId {
      if (!Number.isInteger(index) || index < 0 || index >= MASK_31) {
        throw new RangeError(`request index ${index} is outside 0..${MASK_31 - 1}`);
      }
      // Cycle-walking past 0 keeps this a bijection onto 1..2^31−1.
      let id = permute(index + 1);
      while (id === 0) id = permute(id);
      return id;
    },
  };
}
