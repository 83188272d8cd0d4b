import fc from 'fast-check';
import { EnvelopeCode, HubCode, ItemCode } from '../../../../src/protocol/codes.js';
import type { Response } from '../../../../src/protocol/types.js';
import { jsonMember } from './json-text.js';
import { requestId } from './request-id.js';
import { iid, wireValue } from './wire-value.js';

export interface ResponseConstraints {
  /** Which responses to draw: with a `result`, with an `error`, or both. Default both. */
  readonly kinds?: readonly ('result' | 'error')[];
}

/**
 * A response of section 3 as a device may send it (shape only: results are not judged
 * against any model). Error responses may carry id null (an envelope error on an unread id).
 */
export function response(constraints: ResponseConstraints = {}): fc.Arbitrary<Response> {
  const kinds = constraints.kinds ?? ['result', 'error'];
  if (kinds.length === 0) throw new RangeError('response: constraints.kinds must not be empty');
  const arbitraries: fc.Arbitrary<Response>[] = [];
  if (kinds.includes('result')) arbitraries.push(fc.record({ id: requestId(), result: result() }));
  if (kinds.includes('error')) {
    arbitraries.push(
      fc.record({
        id: fc.option(requestId(), { nil: null, freq: 4 }),
        error: fc.record({ code: errorCode(), message: fc.string({ unit: 'binary', maxLength: 40 }) }),
      }),
    );
  }
  return fc.oneof(...arbitraries);
}

function errorCode(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...Object.values(EnvelopeCode), ...Object.values(HubCode)) },
    fc.integer(),
  );
}

function itemCode(): fc.Arbitrary<number> {
  return fc.constantFrom(...Object.values(ItemCode));
}

/** Results shaped like those of the four methods, or any JSON. */
function result(): fc.Arbitrary<unknown> {
  const getItem = fc
    .tuple(iid(), iid(), itemCode(), wireValue())
    .map(([siid, piid, code, value]) => (code === 0 ? { siid, piid, code, value } : { siid, piid, code }));
  const setItem = fc.record({ siid: iid(), piid: iid(), code: itemCode() });
  const actionResult = fc
    .tuple(itemCode(), fc.array(fc.record({ piid: iid(), value: wireValue() }), { maxLength: 3 }))
    .map(([code, out]) => ({ code, out: code === 0 ? out : [] }));
  return fc.oneof(
    fc.array(getItem, { minLength: 1, maxLength: 16 }),
    fc.array(setItem, { minLength: 1, maxLength: 16 }),
    actionResult,
    jsonMember(),
  );
}
