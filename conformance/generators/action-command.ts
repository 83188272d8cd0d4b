/**
 * fast-check arbitrary of `action` commands: valid calls (half of them after writing the
 * action's guard, so guarded actions run), calls with invalid `in`, unknown actions.
 */
import fc from 'fast-check';
import { ActionCommand } from '../commands/action.command.js';
import type { IndexedAction, ModelIndex } from '../judge/model-index.js';
import { actionCall, validCall } from './action-call.js';
import { guardItems } from './guard-items.js';

export interface ActionCommandConstraints {
  /** Only calls that are valid (`true`) or only calls that are not (`false`); default both. */
  readonly valid?: boolean;
  /** Only valid calls of this action, after writing its guard. */
  readonly action?: IndexedAction;
}

export function actionCommand(
  index: ModelIndex,
  constraints: ActionCommandConstraints = {},
): fc.Arbitrary<ActionCommand> {
  const only = constraints.action;
  if (only !== undefined) {
    const before = guardItems(index, only.siid, only.spec.when);
    return validCall(index, only).map((call) => new ActionCommand(call, before));
  }
  const invalid = actionCall(index, { validWeight: 0 }).map((call) => new ActionCommand(call));
  if (constraints.valid === false || index.actions.length === 0) return invalid;
  const valid = fc
    .constantFrom(...index.actions)
    .chain((action) =>
      fc
        .tuple(validCall(index, action), fc.boolean())
        .map(
          ([call, guarded]) =>
            new ActionCommand(call, guarded ? guardItems(index, action.siid, action.spec.when) : []),
        ),
    );
  return constraints.valid === true
    ? valid
    : fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: invalid });
}
