/**
 * A hub violation is data: the ONE rule of section 8 it breaks, what the judge expected, what
 * it saw, and where (the app request or frame that shows it), so the counterexample can mark it.
 */
import type { HubRuleId } from '../hub-rule-ids.js';

export interface HubViolation {
  readonly rule: HubRuleId;
  readonly expected: string;
  readonly observed: string;
  /** The connection (`app-a#1`) or device lane where it shows. */
  readonly lane?: string;
  /** The time of the message that shows it. */
  readonly atMs?: number;
}

export function hubViolation(
  rule: HubRuleId,
  expected: string,
  observed: string,
  where: { lane?: string; atMs?: number } = {},
): HubViolation {
  return { rule, expected, observed, ...where };
}
