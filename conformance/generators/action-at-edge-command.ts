/**
 * fast-check arbitrary of actions run with an `add` target at an edge of its range (min, one
 * step above, one step below max, max), where clamp and wrap differ (EDP-ACT-1). Only for
 * targets the harness can write; their guards and the action's guard are written first.
 */
import fc from 'fast-check';
import { ActionAtEdgeCommand } from '../commands/action-at-edge.command.js';
import type { IndexedAction, IndexedProperty, ModelIndex } from '../judge/model-index.js';
import { validCall } from './action-call.js';
import { propertyText, show } from './address-text.js';
import { gridPoint, gridSize } from './grid.js';
import { guardItems } from './guard-items.js';

export interface EdgeTarget {
  readonly action: IndexedAction;
  readonly property: IndexedProperty;
  /** The `add` step: which edge it overflows. */
  readonly by: number;
}

/** Every `add` effect on a writable, non-volatile property with a range. */
export function edgeTargets(index: ModelIndex): EdgeTarget[] {
  const targets: EdgeTarget[] = [];
  for (const action of index.actions) {
    for (const effect of action.spec.effects) {
      if (effect.op !== 'add') continue;
      const property = index.property(action.siid, effect.piid);
      if (property?.writable && property.spec.range !== undefined && !property.volatile) {
        targets.push({ action, property, by: effect.by });
      }
    }
  }
  return targets;
}

export interface ActionAtEdgeConstraints {
  /** Only this target, at the edge its step overflows (max for a positive step, min otherwise). */
  readonly target?: EdgeTarget;
}

/** `undefined` when no action has an `add` effect on a writable property. */
export function actionAtEdgeCommand(
  index: ModelIndex,
  constraints: ActionAtEdgeConstraints = {},
): fc.Arbitrary<ActionAtEdgeCommand> | undefined {
  const only = constraints.target;
  const targets = only === undefined ? edgeTargets(index) : [only];
  if (targets.length === 0) return undefined;
  return fc.constantFrom(...targets).chain(({ action, property, by }) => {
    const range = property.spec.range as readonly [number, number, number];
    const last = gridSize(range);
    const ks = only === undefined ? [0, Math.min(1, last), Math.max(0, last - 1), last] : [by > 0 ? last : 0];
    const edges = [...new Set(ks)].map((k) => gridPoint(property.spec, range, k));
    return fc.tuple(fc.constantFrom(...edges), validCall(index, action)).map(([edge, call]) => {
      const setup = [
        ...guardItems(index, property.siid, property.spec.when),
        {
          item: { siid: property.siid, piid: property.piid, value: edge },
          text: `${propertyText(property)} = ${show(edge)}`,
        },
        ...guardItems(index, action.siid, action.spec.when),
      ];
      const readBack = property.readable
        ? { siid: property.siid, piid: property.piid, text: propertyText(property) }
        : undefined;
      return new ActionAtEdgeCommand(setup, call, readBack);
    });
  });
}
