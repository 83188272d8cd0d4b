/** 1..16 items for a batch, mostly few (readable counterexamples) and sometimes many (EDP-RPC-3). */
import fc from 'fast-check';
import { MAX_BATCH_ITEMS } from '../../src/protocol/index.js';

export function batchOf<T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(item, { minLength: 1, maxLength: MAX_BATCH_ITEMS }) },
  );
}
