/** Writing a value into judge state, and the change it makes (none when the value stays). */
import { type JudgeState, type Knowledge, knowledgeOf, sameKnowledge, withValue } from './knowledge.js';
import type { IndexedProperty } from './model-index.js';
import type { Change } from './prediction.js';

export interface Applied {
  readonly state: JudgeState;
  readonly change?: Change;
}

/**
 * `certainChange`: the caller knows the value changes even when it cannot know to what
 * (a toggle of an unknown bool).
 */
export function applyValue(
  state: JudgeState,
  property: IndexedProperty,
  value: Knowledge,
  certainChange = false,
): Applied {
  const before = knowledgeOf(state, property);
  const next = withValue(state, property, value);
  // Volatile values are judged by validity only (section 2): no change is expected of them.
  if (property.volatile) return { state: next };
  if (before.known && value.known) {
    const same = sameKnowledge(before, value);
    if (same === true) return { state: next };
    return { state: next, change: { property, value, certain: same === false, before } };
  }
  return { state: next, change: { property, value, certain: certainChange, before } };
}
