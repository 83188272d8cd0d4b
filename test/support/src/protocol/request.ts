import fc from 'fast-check';
import { MAX_BATCH_ITEMS } from '../../../../src/protocol/codes.js';
import { METHODS, type Method, type Request } from '../../../../src/protocol/types.js';
import { extraMembers, jsonMember } from './json-text.js';
import { requestId } from './request-id.js';
import { iid, wireValue } from './wire-value.js';

export interface RequestConstraints {
  /** Methods to draw from. Default: all four. */
  readonly methods?: readonly Method[];
  /** Most items in a get/set batch, 1..16. Default 16. */
  readonly maxItems?: number;
  /**
   * Let item members hold any JSON (a string siid, a missing value, an `in` that is not an
   * array): well-formed requests a device must judge with item codes, never -32602. Default true.
   */
  readonly wildItems?: boolean;
}

/** A well-formed request of section 3: `decodeRequest(encodeRequest(r))` gives `r` back. */
export function request(constraints: RequestConstraints = {}): fc.Arbitrary<Request> {
  const methods = constraints.methods ?? METHODS;
  const maxItems = constraints.maxItems ?? MAX_BATCH_ITEMS;
  if (methods.length === 0) throw new RangeError('request: constraints.methods must not be empty');
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_BATCH_ITEMS) {
    throw new RangeError(`request: constraints.maxItems must be 1..${MAX_BATCH_ITEMS}, got ${maxItems}`);
  }
  const wild = constraints.wildItems ?? true;
  const address = wild ? fc.oneof({ weight: 6, arbitrary: iid() }, jsonMember()) : iid();
  const value = wild ? fc.oneof({ weight: 6, arbitrary: wireValue() }, jsonMember()) : wireValue();
  const extras = wild ? extraMembers() : fc.constant({});

  const getItem = fc
    .tuple(address, address, extras)
    .map(([siid, piid, extra]) => ({ ...extra, siid, piid }) as Record<string, unknown>);
  const setItem = fc
    .tuple(address, address, wild ? fc.option(value, { nil: undefined, freq: 8 }) : value, extras)
    .map(([siid, piid, v, extra]) => {
      const item: Record<string, unknown> = { ...extra, siid, piid };
      if (v !== undefined) item.value = v;
      return item;
    });
  const inArg = fc.record({ piid: address, value });
  const actionIn = wild
    ? fc.oneof(
        { weight: 6, arbitrary: fc.array(inArg, { maxLength: 4 }) },
        jsonMember(),
        fc.constant(undefined),
      )
    : fc.array(inArg, { maxLength: 4 });
  const actionParams = fc.tuple(address, address, actionIn, extras).map(([siid, aiid, inItems, extra]) => {
    const params: Record<string, unknown> = { ...extra, siid, aiid };
    if (inItems !== undefined) params.in = inItems;
    return params;
  });

  return fc.tuple(requestId(), fc.constantFrom(...methods)).chain(([id, method]): fc.Arbitrary<Request> => {
    switch (method) {
      case 'get_properties':
        return fc
          .array(getItem, { minLength: 1, maxLength: maxItems })
          .map((params) => ({ id, method, params: params as never }));
      case 'set_properties':
        return fc
          .array(setItem, { minLength: 1, maxLength: maxItems })
          .map((params) => ({ id, method, params: params as never }));
      case 'action':
        return actionParams.map((params) => ({ id, method, params: params as never }));
      case 'get_model':
        return fc.constant({ id, method });
    }
  });
}
