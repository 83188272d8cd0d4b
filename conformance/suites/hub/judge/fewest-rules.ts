/**
 * The run-level tie-break of the hub judge: among readings of a run with equally many
 * violations, the one that breaks the fewest distinct rules across the whole run record.
 *
 * A tie is one piece of evidence the judge could charge to either of two rules at the same cost
 * (one violation each way), e.g. a device request that is either a command the hub should have
 * refused, leaked (EDP-HUB-5), or a resend of an identical permitted command it already
 * forwarded (EDP-HUB-1): the records of the two are the same (issue 18, `forward-twice`).
 * The judge first takes each tie's default reading; only here, with the whole run's violations
 * in view, may it switch to the other one. Switching never changes the count, only which rules.
 */
import type { HubRuleId } from '../hub-rule-ids.js';
import type { HubViolation } from './hub-violation.js';

export interface RuleTie {
  /** The default reading, already among the run's violations. */
  readonly taken: HubViolation;
  /** The reading of equal cost, charged to another rule. */
  readonly other: HubViolation;
}

/**
 * The run's violations with each tie read so that the run breaks the fewest distinct rules.
 * Ties of one kind (the same pair of rules) go the same way (splitting them only adds a rule);
 * every way of reading the kinds is weighed (there are a handful of kinds at most), and among
 * equally few rules the one switching the fewest kinds wins, so a run whose ties are its only
 * violations keeps every default: a single fault keeps its own rule.
 */
export function fewestRules(violations: readonly HubViolation[], ties: readonly RuleTie[]): HubViolation[] {
  if (ties.length === 0) return [...violations];
  const tied = new Set(ties.map((t) => t.taken));
  const elsewhere = new Set(violations.filter((v) => !tied.has(v)).map((v) => v.rule));
  const kinds = [...new Set(ties.map(kindOf))];
  let best = { switched: new Set<string>(), rules: Number.POSITIVE_INFINITY };
  for (let mask = 0; mask < 2 ** kinds.length; mask++) {
    const switched = new Set(kinds.filter((_k, i) => (mask >> i) & 1));
    const rules = new Set<HubRuleId>(elsewhere);
    for (const t of ties) rules.add((switched.has(kindOf(t)) ? t.other : t.taken).rule);
    if (rules.size < best.rules || (rules.size === best.rules && switched.size < best.switched.size))
      best = { switched, rules: rules.size };
  }
  const replacement = new Map(
    ties.filter((t) => best.switched.has(kindOf(t))).map((t) => [t.taken, t.other] as const),
  );
  return violations.map((v) => replacement.get(v) ?? v);
}

const kindOf = (t: RuleTie) => `${t.taken.rule} ${t.other.rule}`;
