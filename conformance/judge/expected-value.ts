/**
 * What the judge can say about a value it will see: the exact value, when the state is known;
 * only that it is valid for the model, when the property is volatile (section 2: only its
 * validity is judged) or its value is not known to the harness.
 */
import type { PropertyValue } from '../../src/model/index.js';
import { sameValue, valueProblem } from '../../src/model/index.js';
import type { Knowledge, KnowledgeSource } from './knowledge.js';
import type { IndexedProperty } from './model-index.js';
import { valuesEqual } from './value-equality.js';

export type ExpectedValue =
  | {
      readonly kind: 'exact';
      readonly value: PropertyValue;
      readonly property: IndexedProperty;
      /** How the harness knows it: a wrong read of a written value breaks EDP-PROP-3, of an effect's EDP-ACT-1. */
      readonly source: KnowledgeSource;
      /** Float arithmetic: compared within the step tolerance, not exactly. */
      readonly approximate: boolean;
    }
  | { readonly kind: 'valid'; readonly property: IndexedProperty };

export function expectedValue(property: IndexedProperty, knowledge: Knowledge): ExpectedValue {
  return knowledge.known && !property.volatile
    ? {
        kind: 'exact',
        value: knowledge.value,
        property,
        source: knowledge.source,
        approximate: knowledge.approximate === true,
      }
    : { kind: 'valid', property };
}

/** `undefined` when `observed` meets the expectation, else what was wrong, in words. */
export function valueMismatch(expected: ExpectedValue, observed: unknown): string | undefined {
  const problem = valueProblem(expected.property.spec, observed);
  if (problem !== undefined) return `${expected.property.label}: ${problem}`;
  const same = expected.kind === 'exact' && expected.approximate ? valuesEqual : sameValue;
  if (expected.kind === 'exact' && !same(expected.value, observed)) {
    return `${expected.property.label} is ${JSON.stringify(observed)}, the harness expected ${JSON.stringify(expected.value)}`;
  }
  return undefined;
}

export function describeExpectedValue(expected: ExpectedValue): string {
  return expected.kind === 'exact'
    ? JSON.stringify(expected.value)
    : `a value valid for ${expected.property.label}`;
}

/** Whether a value could match: exact values by value, the rest by validity. */
export function matches(expected: ExpectedValue, observed: unknown): boolean {
  return valueMismatch(expected, observed) === undefined;
}
