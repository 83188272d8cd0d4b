import fc from 'fast-check';
import { MAX_BATCH_ITEMS } from '../../../../src/protocol/codes.js';
import type { Notification } from '../../../../src/protocol/types.js';
import { iid, wireValue } from './wire-value.js';

export type NotificationMethod = Notification['method'];

export interface NotificationConstraints {
  /** Methods to draw from. Default: properties_changed, event_occurred and hello. */
  readonly methods?: readonly NotificationMethod[];
  /** Most items in properties_changed, 1..16. Default 16. */
  readonly maxItems?: number;
}

const ALL: readonly NotificationMethod[] = ['properties_changed', 'event_occurred', 'hello'];

/** A notification of section 3 (shape only; values are not judged against a model). */
export function notification(constraints: NotificationConstraints = {}): fc.Arbitrary<Notification> {
  const methods = constraints.methods ?? ALL;
  const maxItems = constraints.maxItems ?? MAX_BATCH_ITEMS;
  if (methods.length === 0) throw new RangeError('notification: constraints.methods must not be empty');
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_BATCH_ITEMS) {
    throw new RangeError(`notification: constraints.maxItems must be 1..${MAX_BATCH_ITEMS}, got ${maxItems}`);
  }
  const text = fc.string({ unit: 'binary', maxLength: 24 });
  const byMethod: Record<NotificationMethod, fc.Arbitrary<Notification>> = {
    properties_changed: fc
      .array(fc.record({ siid: iid(), piid: iid(), value: wireValue() }), {
        minLength: 1,
        maxLength: maxItems,
      })
      .map((params) => ({ method: 'properties_changed', params })),
    event_occurred: fc
      .record({
        siid: iid(),
        eiid: iid(),
        arguments: fc.array(fc.record({ piid: iid(), value: wireValue() }), { maxLength: 4 }),
      })
      .map((params) => ({ method: 'event_occurred', params })),
    hello: fc
      .record({ deviceId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{2,63}$/), model: text, fw: text })
      .map((params) => ({ method: 'hello', params })),
  };
  return fc.oneof(...methods.map((method) => byMethod[method]));
}
