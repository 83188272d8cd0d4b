/**
 * Performing an action's declared effects in order (PROTOCOL.md section 2, EDP-ACT-1).
 * Effects ignore `access` and `when` of what they change; every change notifies like a write.
 */
import type { PropertyValue } from '../../src/model/index.js';
import type { ActionEntry, CompiledEffect } from './compiled-model.js';
import type { EngineContext } from './handler.js';
import { addInSteps } from './step-arithmetic.js';

export function performEffects(
  context: EngineContext,
  action: ActionEntry,
  inputs: readonly PropertyValue[],
): void {
  const { effects } = action;
  // fault hook: effects-out-of-order
  if (effects.length >= 2 && context.fires('effects-out-of-order')) {
    for (let i = effects.length - 1; i >= 0; i--) perform(context, effects[i] as CompiledEffect, inputs);
    return;
  }
  for (const effect of effects) perform(context, effect, inputs);
}

function perform(context: EngineContext, effect: CompiledEffect, inputs: readonly PropertyValue[]): void {
  switch (effect.op) {
    case 'set':
      context.assign(effect.target, effect.value, 'effect');
      return;
    case 'set-from-in': {
      const value = inputs[effect.index];
      // The action handler has checked that this value suits the target (else -4006).
      if (value !== undefined) context.assign(effect.target, value, 'effect');
      return;
    }
    case 'toggle':
      context.assign(effect.target, context.value(effect.target) !== true, 'effect');
      return;
    case 'add': {
      const current = context.value(effect.target);
      if (typeof current !== 'number') return;
      // fault hook: wrap-as-clamp
      const overflow =
        effect.overflow === 'wrap' && context.fires('wrap-as-clamp') ? 'clamp' : effect.overflow;
      context.assign(effect.target, addInSteps(effect.range, current, effect.by, overflow), 'effect');
      return;
    }
    case 'emit':
      // fault hook: missing-event
      if (!context.fires('missing-event')) context.emit(effect.event);
      return;
  }
}
