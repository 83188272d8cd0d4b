/**
 * `action`: codes in the order -4003, -4006, -4007 (EDP-ACT-2); on success the effects in
 * order and `out` read after them, in model order (EDP-ACT-1). `out` is empty unless code 0.
 */
import type { PropertyValue } from '../../../src/model/index.js';
import { isValidValue } from '../../../src/model/index.js';
import type { ActionOutItem, ActionParams, ActionResult } from '../../../src/protocol/index.js';
import { ItemCode } from '../../../src/protocol/index.js';
import { isOffGridOnly } from '../../faults/engine-transforms.js';
import type { ActionEntry } from '../compiled-model.js';
import { performEffects } from '../effects.js';
import type { EngineContext, MethodHandler } from '../handler.js';

export const action: MethodHandler<ActionParams> = (context, params) => {
  const entry = context.compiled.findAction(params.siid, params.aiid);
  if (!entry) return failed(ItemCode.notFound);
  const inputs = readInputs(context, entry, params.in);
  if (!inputs) return failed(ItemCode.invalidActionParams);
  // fault hook: ignore-when (EDP-ACT-2)
  if (!context.guardHolds(entry.guard) && !context.fires('ignore-when'))
    return failed(ItemCode.notAllowedInState);
  // fault hook: wrong-out (values from before the effects)
  const staleOut =
    entry.outputs.length > 0 && context.fires('wrong-out') ? outValues(context, entry) : undefined;
  performEffects(context, entry, inputs);
  const result: ActionResult = { code: ItemCode.ok, out: staleOut ?? outValues(context, entry) };
  return result;
};

function failed(code: number): ActionResult {
  return { code, out: [] };
}

function outValues(context: EngineContext, entry: ActionEntry): ActionOutItem[] {
  return entry.outputs.map((output) => ({ piid: output.piid, value: context.value(output) }));
}

/**
 * The values of `in`, or `undefined` for -4006: a missing `in` is `[]`; otherwise it must be
 * an array listing exactly the model's `in` piids in model order, each value valid for its
 * property (and for whatever a `set from in` effect stores it into).
 */
function readInputs(context: EngineContext, entry: ActionEntry, raw: unknown): PropertyValue[] | undefined {
  const given = raw === undefined ? [] : raw;
  if (!Array.isArray(given) || given.length !== entry.inputs.length) return undefined;
  const values: PropertyValue[] = [];
  for (const [index, input] of entry.inputs.entries()) {
    const item: unknown = given[index];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const { piid, value } = item as { piid?: unknown; value?: unknown };
    if (piid !== input.piid) return undefined;
    if (isValidValue(input.spec, value)) values.push(value);
    // fault hook: accept-off-grid-in (EDP-ACT-2)
    else if (context.faulty && isOffGridOnly(input.spec, value) && context.fires('accept-off-grid-in'))
      values.push(value as PropertyValue);
    else return undefined;
  }
  for (const effect of entry.effects) {
    if (effect.op !== 'set-from-in') continue;
    const value = values[effect.index];
    if (value === undefined) return undefined;
    // An off-grid value the fault let in is stored as it came.
    const letIn = context.faulty && isOffGridOnly(effect.target.spec, value);
    if (!isValidValue(effect.target.spec, value) && !letIn) return undefined;
  }
  return values;
}
