/**
 * `set_properties` (section 3; EDP-PROP-3, EDP-PROP-4): items are served one by one, in order,
 * each seeing the state the items before it left; for a write -4003 wins over -4002, then
 * -4005 (also a missing value), then -4007 (a failing `when`). Failed items change nothing.
 */

import { isValidValue } from '../../src/model/index.js';
import { ItemCode } from '../../src/protocol/index.js';
import { guardHolds } from './guard.js';
import { type JudgeState, known } from './knowledge.js';
import { propertyLabel } from './labels.js';
import type { ModelIndex } from './model-index.js';
import type { Change, ExpectedSetItem, Prediction, QuietWrite } from './prediction.js';
import { applyValue } from './state-change.js';

export function predictSet(index: ModelIndex, state: JudgeState, params: readonly unknown[]): Prediction {
  const items: ExpectedSetItem[] = [];
  const changes: Change[] = [];
  const quiet: QuietWrite[] = [];
  let current = state;
  // Property → the writes to it an earlier item of this batch had to refuse.
  const refused = new Map<string, QuietWrite[]>();
  for (const param of params) {
    const item = (param ?? {}) as { siid?: unknown; piid?: unknown; value?: unknown };
    const { siid, piid } = item;
    const label = propertyLabel(index, siid, piid);
    const property = index.property(siid, piid);
    let code: number = ItemCode.ok;
    if (property === undefined) code = ItemCode.notFound;
    else if (!property.writable) code = ItemCode.notWritable;
    else if (!Object.hasOwn(item, 'value') || !isValidValue(property.spec, item.value))
      code = ItemCode.invalidValue;
    else if (!guardHolds(index, current, property.service, property.spec.when))
      code = ItemCode.notAllowedInState;
    items.push({ siid, piid, code, label });
    if (code === ItemCode.ok && property !== undefined && isValidValue(property.spec, item.value)) {
      const applied = applyValue(current, property, known(item.value, 'write'));
      current = applied.state;
      if (applied.change !== undefined) changes.push(applied.change);
      else if (property.notify && !property.volatile) {
        const before = refused.get(property.key);
        quiet.push({
          kind: 'unchanged',
          property,
          value: known(item.value, 'write'),
          ...(before === undefined ? {} : { refusedBy: 'EDP-PROP-4' as const, refusedBefore: [...before] }),
        });
      }
    } else if (property?.notify === true && !property.volatile && Object.hasOwn(item, 'value')) {
      // A refused write: an item carrying its value shows the device applied it after all.
      const write: QuietWrite = { kind: 'refused', property, value: known(item.value as never, 'write') };
      quiet.push(write);
      refused.set(property.key, [...(refused.get(property.key) ?? []), write]);
    }
  }
  return { response: { kind: 'set', items }, changes, events: [], quiet, next: current };
}
