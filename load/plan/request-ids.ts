/**
 * Request ids from the global request index: a keyed bijection of 31-bit integers, so ids
 * look random (EDP-RPC-5: controllers sharing a device over MQTT use ids that do not
 * collide) yet no two requests of a run share an id, whichever shard sends them.
 */

import type { RequestId } from '../../src/protocol/index.js';
import { createIdPermutation } from '../../src/protocol/index.js';
import { STREAM, streamFor } from './derive.js';

const MASK_31 = 0x7fff_ffff;

export interface RequestIdMap {
  /** The id of request `index` (0 ≤ index < 2^31 − 1), in 1..2^31−1. */
  idOf(index: number): RequestId;
}

export function createRequestIdMap(seed: number): RequestIdMap {
  const permute = createIdPermutation(streamFor(seed, STREAM.requestIds, 0));
  return {
    idOf(index: number): RequestId {
      if (!Number.isInteger(index) || index < 0 || index >= MASK_31) {
        throw new RangeError(`request index ${index} is outside 0..${MASK_31 - 1}`);
      }
      return permute(index + 1);
    },
  };
}
