/**
 * Requirement rows of the report, grouped by rule family in protocol order, each with its
 * badge, its counterexample (failed) or its reason (not run).
 */
import {
  type Binding,
  type CertificationSubject,
  hasExchange,
  type RuleVerdict,
} from '../../src/result/index.js';
import { formatDuration, formatInteger, inlineCode, listInProse } from './format.js';
import type { FailureDetail, RequirementGroup, RequirementRow } from './report-model.js';
import { compareRules, familyTitle, parseRuleId } from './rule-order.js';
import { buildSequenceRows } from './sequence-chart.js';
import { buildLaneChart } from './sequence-lanes.js';
import { SETUP_ALONE_TEXT } from './setup-alone.js';

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

/** At least this many rules with the same time were judged together (one suite's runs), not timed apart. */
const SHARED_TIME_RULES = 3;

/**
 * The time a property-based suite spent, when several rules report it as theirs: every run of
 * that suite judges each of its rules at once, so their time cannot be told apart and the report
 * says "shared" instead of repeating it on each row. Times equal as shown (`4.47 s`) count as
 * one: a suite's rules may differ by a millisecond of bookkeeping.
 */
export function sharedDuration(requirements: readonly RuleVerdict[]): string | null {
  const counts = new Map<string, number>();
  for (const r of requirements) {
    if (r.verdict === 'passed' && r.durationMs > 0) {
      const shown = formatDuration(r.durationMs);
      counts.set(shown, (counts.get(shown) ?? 0) + 1);
    }
  }
  const [shown, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [null, 0];
  return count >= SHARED_TIME_RULES ? shown : null;
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
    exchange: hasExchange(counterexample),
    noCommandsText:
      counterexample.commands.length === 0 && hasExchange(counterexample) ? SETUP_ALONE_TEXT : null,
    sequence: buildSequenceRows(
      counterexample,
      subject?.kind === 'device' ? subject.propertyNames : undefined,
    ),
    lanes: subject?.kind === 'hub' ? buildLaneChart(counterexample, subject) : null,
    replayCommand: replay.command,
    replayWords: replay.command
      .split(' ')
      .map((text, index, words) => ({ text, space: index < words.length - 1 })),
    seed: String(replay.seed),
    path: replay.path === '' ? null : replay.path,
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
          ? `Seen, not reproduced: this replay passed against the same ${subject?.kind ?? 'device'}`
          : 'Replay this failure',
  };
}

function rowOf(
  requirement: RuleVerdict,
  binding: Binding | undefined,
  openFailures: boolean,
  subject: CertificationSubject | undefined,
  shared: string | null,
): RequirementRow {
  const status = statusOf(requirement, binding);
  const ran = requirement.verdict !== 'not-run';
  const duration = ran ? formatDuration(requirement.durationMs) : '—';
  return {
    rule: requirement.rule,
    anchor: `rule-${requirement.rule.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    statement: requirement.statement,
    statementParts: inlineCode(requirement.statement),
    bindings: `Applies to ${listInProse(requirement.bindings.map((b) => BINDING_NAMES[b]))}`,
    // A requirement that did not run has no runs or time worth a number.
    runs: ran ? formatInteger(requirement.runs) : '—',
    duration: requirement.verdict === 'passed' && duration === shared ? 'shared' : duration,
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
    notes: (requirement.notes ?? []).map((note) => inlineCode(note)),
    // A remark on a pass is information, not a warning: amber stays for what did not run or failed.
    noteClassName: requirement.verdict === 'passed' ? 'req__note req__note--info' : 'req__reason req__note',
    cases:
      requirement.cases === undefined
        ? null
        : {
            summary: `Enumerated cases sent: ${formatInteger(requirement.cases.sent.length)} of ${formatInteger(requirement.cases.enumerated)}`,
            items: requirement.cases.sent,
          },
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
  const shared = sharedDuration(requirements);
  const groups: { family: string; rows: RequirementRow[]; statuses: Status[] }[] = [];
  for (const requirement of sorted) {
    const { family } = parseRuleId(requirement.rule);
    let group = groups[groups.length - 1];
    if (!group || group.family !== family) {
      group = { family, rows: [], statuses: [] };
      groups.push(group);
    }
    group.rows.push(rowOf(requirement, binding, openFailures, subject, shared));
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
