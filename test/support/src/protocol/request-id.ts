import fc from 'fast-check';
import { MAX_REQUEST_ID } from '../../../../src/protocol/codes.js';
import type { RequestId } from '../../../../src/protocol/types.js';

/** A valid request id, 1..2^31−1, with the edges (1, 2^31−1) drawn often. */
export function requestId(): fc.Arbitrary<RequestId> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: MAX_REQUEST_ID }) },
    { weight: 1, arbitrary: fc.constantFrom(1, 2, MAX_REQUEST_ID - 1, MAX_REQUEST_ID) },
  );
}
