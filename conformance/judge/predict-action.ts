/**
 * `action` (section 3; EDP-ACT-1, EDP-ACT-2): -4003 (unknown action, or a missing or non-integer
 * siid/aiid) wins over -4006 (an `in` that is not an array, or does not list exactly the model's
 * `in` piids in model order with valid values; a missing `in` is `[]`), then -4007 (a failing
 * `when`). On code 0 the effects run in order and `out` holds the `out` properties after them.
 */

import { isValidValue } from '../../src/model/index.js';
import { ItemCode } from '../../src/protocol/index.js';
import { applyEffects } from './effects.js';
import { expectedValue } from './expected-value.js';
import { guardHolds } from './guard.js';
import { type JudgeState, knowledgeOf, UNKNOWN } from './knowledge.js';
import { actionLabel } from './labels.js';
import type { IndexedAction, IndexedEvent, ModelIndex } from './model-index.js';
import type { Prediction, QuietWrite } from './prediction.js';

export function predictAction(index: ModelIndex, state: JudgeState, params: unknown): Prediction {
  const call = (params ?? {}) as { siid?: unknown; aiid?: unknown; in?: unknown };
  const label = actionLabel(index, call.siid, call.aiid);
  const action = index.action(call.siid, call.aiid);
  const failed = (code: number): Prediction => ({
    response: { kind: 'action', label, code, out: [] },
    changes: [],
    events: [],
    // A refused call changes nothing: an item for what its effects would change shows the device
    // ran them anyway, a consequence of EDP-ACT-2 (any value: the `in` it would use is invalid).
    quiet: action === undefined ? [] : refusedEffects(index, action),
    refusedEvents: action === undefined ? [] : refusedEvents(index, action),
    next: state,
  });
  if (action === undefined) return failed(ItemCode.notFound);
  const inValues = readIn(index, action, Object.hasOwn(call, 'in') ? call.in : []);
  if (inValues === undefined) return failed(ItemCode.invalidActionParams);
  if (!guardHolds(index, state, action.service, action.spec.when)) return failed(ItemCode.notAllowedInState);
  const outcome = applyEffects(index, state, action, inValues);
  const out = action.spec.out.map((piid) => {
    const property = index.property(action.siid, piid);
    if (property === undefined) throw new Error(`model invariant: ${action.label} out piid ${piid} missing`);
    return { piid, value: expectedValue(property, knowledgeOf(outcome.state, property)) };
  });
  return {
    response: { kind: 'action', label, code: ItemCode.ok, out },
    changes: outcome.changes,
    events: outcome.events,
    quiet: outcome.quiet,
    next: outcome.state,
  };
}

/** The values of a valid `in`, or `undefined` when it is invalid (-4006). */
function readIn(index: ModelIndex, action: IndexedAction, input: unknown): unknown[] | undefined {
  if (!Array.isArray(input) || input.length !== action.spec.in.length) return undefined;
  const values: unknown[] = [];
  for (const [i, piid] of action.spec.in.entries()) {
    const item = input[i] as unknown;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const { piid: given, value } = item as { piid?: unknown; value?: unknown };
    if (given !== piid || !Object.hasOwn(item, 'value')) return undefined;
    const property = index.property(action.siid, piid);
    if (property === undefined || !isValidValue(property.spec, value)) return undefined;
    values.push(value);
  }
  return values;
}

function refusedEvents(index: ModelIndex, action: IndexedAction): IndexedEvent[] {
  return action.spec.effects.flatMap((e) => {
    const event = e.op === 'emit' ? index.event(action.siid, e.eiid) : undefined;
    return event === undefined ? [] : [event];
  });
}

function refusedEffects(index: ModelIndex, action: IndexedAction): QuietWrite[] {
  const piids = new Set(action.spec.effects.flatMap((e) => (e.op === 'emit' ? [] : [e.piid])));
  return index.properties
    .filter((p) => p.siid === action.siid && piids.has(p.piid) && p.notify && !p.volatile)
    .map((property) => ({ kind: 'refused', property, value: UNKNOWN, refusedBy: 'EDP-ACT-2' }));
}
