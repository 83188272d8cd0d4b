/**
 * Requirement rows of the report, grouped by rule family in protocol order, each with its
 * badge, its counterexample (failed) or its reason (not run).
 */
import type { Binding, CertificationSubject, RuleVerdict } from '../../src/result/certification-result.js';
import { formatDuration, formatInteger, inlineCode, listInProse } from './format.js';
import type { FailureDetail, RequirementGroup, RequirementRow } from './report-model.js';
import { compareRules, familyTitle, parseRuleId } from './rule-order.js';
import { buildSequenceRows } from './sequence-chart.js';
import { buildLaneChart } from './sequence-lanes.js';

export const BINDING_NAMES: Readonly<Record<Binding, string>> = { mqtt: 'MQTT', ws: 'WebSocket' };

type Status = RuleVerdict['verdict'] | 'not-applicable';

const BADGES: Readonly<Record<Status, { label: string; className: string }>> = {
  passed: { label: 'Passed', className: 'badge badge--pass' },
  failed: { label: 'Failed', className: 'badge badge--fail' },
  'not-run': { label: 'Not run', className: 'badge badge--skip' },
  'not-applicable': { label: 'Not applicable', className: 'badge badge--na' },
};

const STATUS_TEXT: Readonly<Record<Status, string>> = {
  passed: 'passed',
  failed: 'failed',
  'not-run': 'not run',
  'not-applicable': 'not applicable',
};

/**
 * A not-run requirement whose bindings exclude the device's binding does not apply to it at
 * all. `binding` is undefined for a hub: every row of a hub's result applies to it.
 */
export function isNotApplicable(requirement: RuleVerdict, binding: Binding | undefined): boolean {
  return (
    binding !== undefined && requirement.verdict === 'not-run' && !requirement.bindings.includes(binding)
  );
}

function statusOf(requirement: RuleVerdict, binding: Binding | undefined): Status {
  return isNotApplicable(requirement, binding) ? 'not-applicable' : requirement.verdict;
}

function failureOf(
  requirement: RuleVerdict,
  subject: CertificationSubject | undefined,
): FailureDetail | null {
  if (requirement.verdict !== 'failed') return null;
  const { counterexample, replay } = requirement;
  return {
    summary: counterexample.summary,
    summaryParts: inlineCode(counterexample.summary),
    commands: counterexample.commands.map((text, index) => ({ step: index + 1, text })),
    sequence: buildSequenceRows(counterexample),
    lanes: subject?.kind === 'hub' ? buildLaneChart(counterexample, subject) : null,
    replayCommand: replay.command,
    replayWords: replay.command
      .split(' ')
      .map((text, index, words) => ({ text, space: index < words.length - 1 })),
    seed: String(replay.seed),
    path: replay.path,
    consequenceOf: requirement.consequenceOf ?? null,
    reproduced: requirement.reproduced !== false,
    commandsLabel:
      requirement.consequenceOf !== undefined
        ? `Commands of the run that failed ${requirement.consequenceOf} first`
        : requirement.reproduced === false
          ? 'Commands of the run as seen (not reproduced, not shrunk)'
          : 'Minimal command sequence',
    replayLabel:
      requirement.consequenceOf !== undefined
        ? `Replay ${requirement.consequenceOf}, which this follows from`
        : requirement.reproduced === false
          ? 'Seen, not reproduced: this replay passed against the same device'
          : 'Replay this failure',
  };
}

function rowOf(
  requirement: RuleVerdict,
  binding: Binding | undefined,
  openFailures: boolean,
  subject: CertificationSubject | undefined,
): RequirementRow {
  const status = statusOf(requirement, binding);
  const ran = requirement.verdict !== 'not-run';
  return {
    rule: requirement.rule,
    anchor: `rule-${requirement.rule.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    statement: requirement.statement,
    statementParts: inlineCode(requirement.statement),
    bindings: `Applies to ${listInProse(requirement.bindings.map((b) => BINDING_NAMES[b]))}`,
    // A requirement that did not run has no runs or time worth a number.
    runs: ran ? formatInteger(requirement.runs) : '—',
    duration: ran ? formatDuration(requirement.durationMs) : '—',
    badge: BADGES[status],
    className: `req req--${status}`,
    failure: failureOf(requirement, subject),
    notRun:
      requirement.verdict === 'not-run'
        ? {
            label: status === 'not-applicable' ? 'Does not apply:' : 'Not run:',
            reason: inlineCode(requirement.reason),
          }
        : null,
    open: requirement.verdict === 'failed' && openFailures,
    notes: [
      ...(requirement.notes ?? []),
      ...(requirement.cases === undefined
        ? []
        : [
            `Enumerated cases sent: ${requirement.cases.sent.length} of ${requirement.cases.enumerated} (${requirement.cases.sent.join('; ')}).`,
          ]),
    ].map((note) => inlineCode(note)),
  };
}

export function requirementGroups(
  requirements: readonly RuleVerdict[],
  binding: Binding | undefined,
  openFailures: boolean,
  /** Whose result: a hub's counterexamples get one lifeline per party. */
  subject?: CertificationSubject,
): RequirementGroup[] {
  const sorted = [...requirements].sort((a, b) => compareRules(a.rule, b.rule));
  const groups: { family: string; rows: RequirementRow[]; statuses: Status[] }[] = [];
  for (const requirement of sorted) {
    const { family } = parseRuleId(requirement.rule);
    let group = groups[groups.length - 1];
    if (!group || group.family !== family) {
      group = { family, rows: [], statuses: [] };
      groups.push(group);
    }
    group.rows.push(rowOf(requirement, binding, openFailures, subject));
    group.statuses.push(statusOf(requirement, binding));
  }
  return groups.map(({ family, rows, statuses }) => ({
    title: familyTitle(family),
    summary: (Object.keys(STATUS_TEXT) as Status[])
      .map((status) => [statuses.filter((s) => s === status).length, STATUS_TEXT[status]] as const)
      .filter(([count]) => count > 0)
      .map(([count, text]) => `${formatInteger(count)} ${text}`)
      .join(' · '),
    rows,
  }));
}
