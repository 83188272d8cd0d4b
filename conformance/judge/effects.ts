/**
 * Action effects (section 2), applied in order to judge state. Effects ignore `access` and
 * `when` of what they change. Values the harness cannot know stay unknown and are judged by
 * validity only: volatile targets, and arithmetic on a value never read.
 */
import type { Effect, PropertyValue } from '../../src/model/index.js';
import { addWithOverflow } from './add-arithmetic.js';
import { expectedValue } from './expected-value.js';
import { type JudgeState, type Knowledge, knowledgeOf, known, UNKNOWN } from './knowledge.js';
import type { IndexedAction, IndexedProperty, ModelIndex } from './model-index.js';
import type { Change, ExpectedEvent, QuietWrite } from './prediction.js';
import { applyValue } from './state-change.js';

export interface EffectsOutcome {
  readonly state: JudgeState;
  readonly changes: readonly Change[];
  readonly events: readonly ExpectedEvent[];
  /**
   * Effects that left a notify property's known value as it was (a clamp at its bound, a wrap to
   * the same value, a set to the current value): like an unchanged write, they must bring no item,
   * and an item carrying that value is charged to them alone (EDP-NOTIFY-1; issue 18: the
   * partner's plug, whose item for a no-op `extend-timer` came after the next command was sent and
   * was read as a wrong value of that command's change, EDP-NOTIFY-2).
   */
  readonly quiet: readonly QuietWrite[];
}

/** `inValues`: the values of the call's `in` items, already checked valid. */
export function applyEffects(
  index: ModelIndex,
  state: JudgeState,
  action: IndexedAction,
  inValues: readonly unknown[],
): EffectsOutcome {
  let current = state;
  const changes: Change[] = [];
  const events: ExpectedEvent[] = [];
  const quiet: QuietWrite[] = [];
  for (const effect of action.spec.effects) {
    if (effect.op === 'emit') {
      const event = index.event(action.siid, effect.eiid);
      if (event === undefined)
        throw new Error(`model invariant: ${action.label} emits unknown eiid ${effect.eiid}`);
      const args = event.spec.arguments.map((piid) => {
        const property = index.property(action.siid, piid);
        if (property === undefined)
          throw new Error(`model invariant: ${event.label} argument piid ${piid} missing`);
        return { piid, value: expectedValue(property, knowledgeOf(current, property)) };
      });
      events.push({ event, arguments: args });
      continue;
    }
    const property = index.property(action.siid, effect.piid);
    if (property === undefined)
      throw new Error(`model invariant: ${action.label} changes unknown piid ${effect.piid}`);
    const before = knowledgeOf(current, property);
    const { value, certain } = effectValue(effect, before, inValues, property.spec.range);
    const applied = applyValue(current, property, value, certain);
    current = applied.state;
    if (applied.change !== undefined) changes.push(applied.change);
    else if (unchangedNotify(property, before, value)) quiet.push({ kind: 'unchanged', property, value });
  }
  return { state: current, changes, events, quiet };
}

/** A notify property whose exactly known value an effect left as it was (approximate arithmetic never counts). */
function unchangedNotify(property: IndexedProperty, before: Knowledge, value: Knowledge): boolean {
  return (
    property.notify &&
    !property.volatile &&
    before.known &&
    value.known &&
    before.approximate !== true &&
    value.approximate !== true
  );
}

function effectValue(
  effect: Exclude<Effect, { op: 'emit' }>,
  before: Knowledge,
  inValues: readonly unknown[],
  range: readonly [number, number, number] | undefined,
): { value: Knowledge; certain: boolean } {
  switch (effect.op) {
    case 'set':
      if ('from' in effect)
        return { value: known(inValues[effect.index] as PropertyValue, 'effect'), certain: false };
      return { value: known(effect.value, 'effect'), certain: false };
    case 'toggle':
      // A toggle always changes the value, even when the harness does not know it.
      return before.known
        ? { value: known(!before.value, 'effect'), certain: true }
        : { value: UNKNOWN, certain: true };
    case 'add':
      if (!before.known || typeof before.value !== 'number' || range === undefined) {
        return { value: UNKNOWN, certain: false };
      }
      return {
        value: known(
          addWithOverflow(before.value, effect.by, range, effect.overflow),
          'effect',
          !Number.isInteger(range[2]) || !Number.isInteger(before.value),
        ),
        certain: false,
      };
  }
}
