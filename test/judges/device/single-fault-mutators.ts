/**
 * Single-fault mutators (issue 18): each edits a legal device history so that it breaks exactly
 * one rule of sections 3–7, and names that rule. `mutate` returns undefined when the history
 * offers no place for that fault (a repeat to execute, an action to answer wrongly, …); `pick`
 * chooses among the places it does offer.
 */
import { ANSWER_MUTATORS } from './answer-mutators.js';
import { LATE_ITEM_MUTATORS } from './late-item-mutators.js';
import type { Mutator } from './mutator-builders.js';
import { NOTIFY_MUTATORS } from './notification-mutators.js';
import { RPC_MUTATORS } from './response-mutators.js';
import { UNCHANGED_ITEM_MUTATORS } from './unchanged-item-mutators.js';
import { VOLATILE_MUTATORS } from './volatile-item-mutators.js';

export type { Mutator } from './mutator-builders.js';

export const MUTATORS: readonly Mutator[] = [
  ...RPC_MUTATORS,
  ...ANSWER_MUTATORS,
  ...NOTIFY_MUTATORS,
  ...LATE_ITEM_MUTATORS,
  ...UNCHANGED_ITEM_MUTATORS,
  ...VOLATILE_MUTATORS,
];
