/**
 * What the harness knows about the device's state. It knows a value only after reading or
 * writing it (section 2: a harness learns the state by reading); volatile values are never
 * known, since the device changes them by itself. Immutable: each prediction returns a new state.
 */
import type { PropertyValue } from '../../src/model/index.js';
import { sameValue } from '../../src/model/index.js';
import type { IndexedProperty, ModelIndex, PropertyKey } from './model-index.js';
import { valuesEqual } from './value-equality.js';

/** How the harness came to know a value: it decides which rule a later wrong read breaks. */
export type KnowledgeSource = 'read' | 'write' | 'effect';

export type Knowledge =
  | {
      readonly known: true;
      readonly value: PropertyValue;
      readonly source: KnowledgeSource;
      /**
       * The result of float arithmetic (an `add` effect): the device's double may differ from the
       * harness's in the last bits, so it is only known to within the step tolerance.
       */
      readonly approximate?: boolean;
    }
  | { readonly known: false };

export const UNKNOWN: Knowledge = Object.freeze({ known: false });

export function known(value: PropertyValue, source: KnowledgeSource, approximate = false): Knowledge {
  return approximate ? { known: true, value, source, approximate } : { known: true, value, source };
}

export interface JudgeState {
  readonly values: ReadonlyMap<PropertyKey, Knowledge>;
}

/** Nothing known yet: the start of every run, before the first read. */
export function emptyState(): JudgeState {
  return { values: new Map() };
}

export function knowledgeOf(state: JudgeState, property: IndexedProperty): Knowledge {
  if (property.volatile) return UNKNOWN;
  return state.values.get(property.key) ?? UNKNOWN;
}

export function withValue(state: JudgeState, property: IndexedProperty, value: Knowledge): JudgeState {
  const values = new Map(state.values);
  values.set(property.key, property.volatile ? UNKNOWN : value);
  return { values };
}

/**
 * Whether a value stays as it was (section 2: numbers compared by value), `'maybe'` when an
 * approximate value is within tolerance of the other: the harness cannot tell then.
 */
export function sameKnowledge(a: Knowledge, b: Knowledge): boolean | 'maybe' {
  if (!a.known || !b.known) return false;
  if (sameValue(a.value, b.value)) return true;
  return (a.approximate === true || b.approximate === true) && valuesEqual(a.value, b.value)
    ? 'maybe'
    : false;
}

/** Knowledge in words, for expected/observed texts. */
export function describeKnowledge(k: Knowledge): string {
  return k.known ? JSON.stringify(k.value) : 'an unknown value';
}

/** Every non-volatile property whose value is known, model order (for traces and tests). */
export function knownValues(index: ModelIndex, state: JudgeState): Array<[string, PropertyValue]> {
  const out: Array<[string, PropertyValue]> = [];
  for (const property of index.properties) {
    const k = knowledgeOf(state, property);
    if (k.known) out.push([property.label, k.value]);
  }
  return out;
}
