/** The rules a verdict leads with, as the report does (run-model-suite.ts leadRules). */
import type { RuleId } from '../../../conformance/catalogue/rule-ids.js';
import type { Violation } from '../../../conformance/judge/violation.js';

/** A rule whose every violation follows from another broken rule does not lead. */
export function leadsOf(violations: readonly Violation[]): RuleId[] {
  const broken = new Set(violations.map((v) => v.rule));
  return [...broken].filter((rule) =>
    violations.some(
      (v) => v.rule === rule && (v.consequenceOf === undefined || !broken.has(v.consequenceOf)),
    ),
  );
}
