/**
 * `get_properties` (section 3; EDP-PROP-1, EDP-PROP-2): items are served one by one, each on
 * its own; -4003 (unknown, or a missing or non-integer siid/piid) wins over -4001 (no `read`).
 * Reads change nothing.
 */

import { ItemCode } from '../../src/protocol/index.js';
import { expectedValue } from './expected-value.js';
import { type JudgeState, knowledgeOf } from './knowledge.js';
import { propertyLabel } from './labels.js';
import type { ModelIndex } from './model-index.js';
import type { ExpectedGetItem, Prediction } from './prediction.js';

export function predictGet(index: ModelIndex, state: JudgeState, params: readonly unknown[]): Prediction {
  const items = params.map((param) => predictGetItem(index, state, param));
  return { response: { kind: 'get', items }, changes: [], events: [], next: state };
}

function predictGetItem(index: ModelIndex, state: JudgeState, param: unknown): ExpectedGetItem {
  const { siid, piid } = (param ?? {}) as { siid?: unknown; piid?: unknown };
  const label = propertyLabel(index, siid, piid);
  const property = index.property(siid, piid);
  if (property === undefined) return { siid, piid, code: ItemCode.notFound, label };
  if (!property.readable) return { siid, piid, code: ItemCode.notReadable, label };
  return {
    siid,
    piid,
    code: ItemCode.ok,
    value: expectedValue(property, knowledgeOf(state, property)),
    label,
  };
}
