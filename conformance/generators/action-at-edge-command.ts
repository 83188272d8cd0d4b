/**
 * fast-check arbitrary of actions run with an `add` target at an edge of its range (min, one
 * step above, one step below max, max), where clamp and wrap differ (EDP-ACT-1). Only for
 * targets the harness can write; their guards and the action's guard are written first.
 */
import fc from 'fast-check';
import { ActionAtEdgeCommand } from '../commands/action-at-edge.command.js';
import type { IndexedAction, IndexedProperty, ModelIndex } from '../oracle/model-index.js';
import { validCall } from './action-call.js';
import { propertyText, show } from './address-text.js';
import { gridPoint, gridSize } from './grid.js';
import { guardItems } from './guard-items.js';

interface EdgeTarget {
  readonly action: IndexedAction;
  readonly property: IndexedProperty;
}

/** `undefined` when no action has an `add` effect on a writable property. */
export function actionAtEdgeCommand(index: ModelIndex): fc.Arbitrary<ActionAtEdgeCommand> | undefined {
  const targets: EdgeTarget[] = [];
  for (const action of index.actions) {
    for (const effect of action.spec.effects) {
      if (effect.op !== 'add') continue;
      const property = index.property(action.siid, effect.piid);
      if (property?.writable && property.spec.range !== undefined && !property.volatile)
        targets.push({ action, property });
    }
  }
  if (targets.length === 0) return undefined;
  return fc.constantFrom(...targets).chain(({ action, property }) => {
    const range = property.spec.range as readonly [number, number, number];
    const last = gridSize(range);
    const edges = [...new Set([0, Math.min(1, last), Math.max(0, last - 1), last])].map((k) =>
      gridPoint(property.spec, range, k),
    );
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
