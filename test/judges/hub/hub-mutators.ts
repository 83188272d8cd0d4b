/**
 * Single-fault mutators of legal hub histories: each breaks exactly one rule of section 8 (the
 * one it names) in one place, and applies only where the protocol leaves no doubt that it does
 * (a dropped notification only where the connection was subscribed throughout its window, a
 * late answer later than any window allows). Written from the protocol, not from the judge.
 */
import type { HubMutator } from './mutation-helpers.js';
import { DELIVERY_MUTATORS } from './mutators-deliveries.js';
import { FORWARDING_MUTATORS } from './mutators-forwarding.js';
import { GRANT_MUTATORS } from './mutators-grants.js';
import { RESPONSE_MUTATORS } from './mutators-responses.js';

export type { HubMutator } from './mutation-helpers.js';

export const HUB_MUTATORS: readonly HubMutator[] = [
  ...FORWARDING_MUTATORS,
  ...RESPONSE_MUTATORS,
  ...DELIVERY_MUTATORS,
  ...GRANT_MUTATORS,
];
