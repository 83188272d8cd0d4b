/** Which rule a run with several violations is charged to first (pure). */
import type { HubRuleId } from '../hub-rule-ids.js';
import type { HubViolation } from './hub-violation.js';

/**
 * The rules a run breaks first: a rule whose first violation no other rule's precedes. A
 * violation that follows another rule's may be its consequence (a misrouted answer leaves the
 * asker without one), so it is charged to the rule that broke first, and a rule's property
 * fails only on runs that show its own violation first (its counterexample leads with it).
 */
export function leadingRules(violations: readonly HubViolation[]): HubRuleId[] {
  const firstAt = new Map<HubRuleId, number>();
  for (const v of violations) {
    // Without a time (a flooded connection), it is known only at the end of the run.
    const at = v.atMs ?? Number.POSITIVE_INFINITY;
    const known = firstAt.get(v.rule);
    if (known === undefined || at < known) firstAt.set(v.rule, at);
  }
  const earliest = Math.min(...firstAt.values());
  return [...firstAt].filter(([, at]) => at <= earliest).map(([rule]) => rule);
}

/** The violations in time order, the leading rules' first among those at one time (the trace marks them first). */
const at = (v: HubViolation) => v.atMs ?? Number.POSITIVE_INFINITY;

export function leadFirst(violations: readonly HubViolation[], lead: ReadonlySet<HubRuleId>): HubViolation[] {
  return [...violations].sort(
    (a, b) =>
      (at(a) === at(b) ? 0 : at(a) < at(b) ? -1 : 1) || Number(!lead.has(a.rule)) - Number(!lead.has(b.rule)),
  );
}
