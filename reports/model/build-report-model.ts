/**
 * `buildReportModel(result)`: everything a certification report shows, decided in one pure
 * function of the (sealed) result, so the HTML is a deterministic rendering of it.
 */
import {
  type CertificationResult,
  consequenceNotes,
  modeLimitsText,
  selectedRules,
  subjectName,
} from '../../src/result/index.js';
import { keyFingerprint } from '../integrity/signature.js';
import { formatDuration, formatInteger, formatTimestamp, listInProse, plural } from './format.js';
import { buildLatencySection } from './latency-chart.js';
import type { Fact, IntegrityView, ReportModel, ReportVerdict, StatTile } from './report-model.js';
import { BINDING_NAMES, isNotApplicable, requirementGroups, sharedDuration } from './requirement-rows.js';
import { compareRules } from './rule-order.js';
import { factsOf, subjectHeader, subjectNoun } from './subject-view.js';

/** Failed requirements open by default when there are at most this many, so the page leads with them. */
const OPEN_FAILURES_UP_TO = 3;

/** The binding a device was certified over; a hub's rows are never "not applicable". */
function bindingOf(result: CertificationResult) {
  return result.subject.kind === 'device' ? result.subject.binding : undefined;
}

const DESELECTED = /^not selected/;

function verdictOf(result: CertificationResult, failedRules: readonly string[]): ReportVerdict {
  const certified = result.verdict === 'certified';
  const notApplicable = result.requirements.filter((r) => isNotApplicable(r, bindingOf(result))).length;
  const total = result.requirements.length - notApplicable;
  // Rules left out by --only were not selected: they are not rules that "could not run".
  const deselected = result.requirements.filter(
    (r) => r.verdict === 'not-run' && !isNotApplicable(r, bindingOf(result)) && DESELECTED.test(r.reason),
  ).length;
  const notRun = result.counts.notRun - notApplicable - deselected;
  if (result.verdict === 'partial') {
    const rules = selectedRules(result);
    const how = result.settings.replay !== undefined ? `a replay of ${result.settings.replay}` : '--only';
    return {
      certified: false,
      label: 'Partial run · not a certificate',
      tone: 'skip',
      className: 'verdict verdict--partial',
      headline: `Only ${listInProse(rules)} ${rules.length === 1 ? 'was' : 'were'} checked (${how}), and ${rules.length === 1 ? 'it' : 'all'} passed. Certify without --only and --replay for a verdict on every requirement.`,
    };
  }
  // The same words as the "Not run" tile's note, so headline and tile add up.
  const notRunText =
    notRun > 0 ? ` ${plural(notRun, 'requirement')} could not run; each one's row below says why.` : '';
  let headline: string;
  const someRules = (result.settings.only?.length ?? 0) > 0 || result.settings.replay !== undefined;
  if (failedRules.length > 0 && someRules) {
    // A failing --only/--replay run: "1 of 40 failed" would count rules nobody checked.
    const rules = selectedRules(result);
    headline = `${formatInteger(failedRules.length)} of the ${plural(rules.length, 'requirement')} checked (${result.settings.replay !== undefined ? `a replay of ${result.settings.replay}` : '--only'}) failed: ${listInProse(failedRules)}.`;
  } else if (failedRules.length > 0) {
    const notes = consequenceNotes(result);
    headline = `${formatInteger(failedRules.length)} of ${plural(total, 'requirement')} failed: ${listInProse(failedRules)}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}.${notRunText}`;
  } else if (certified) {
    headline =
      notRun > 0
        ? `All ${plural(total - notRun, 'requirement')} that ran passed.${notRunText}`
        : `All ${plural(total, 'requirement')} of EDP/1 that apply to this ${subjectNoun(result.subject)} passed.`;
  } else {
    headline = `No requirement failed, but the run did not certify the ${subjectNoun(result.subject)}.${notRunText}`;
  }
  // As on stdout: what this mode could not check, and the option that would.
  const limits = modeLimitsText(result);
  if (limits !== undefined) headline += ` Checked ${limits}.`;
  return {
    certified,
    label: certified ? 'Certified' : 'Not certified',
    tone: certified ? 'pass' : 'fail',
    className: certified ? 'verdict verdict--pass' : 'verdict verdict--fail',
    headline,
  };
}

function runFactsOf(result: CertificationResult): Fact[] {
  const { settings } = result;
  const fact = (label: string, value: string, mono: boolean, note: string | null = null): Fact => ({
    label,
    value,
    mono,
    note,
  });
  return [
    fact(
      'Seed',
      String(result.seed),
      true,
      'the run seed: every random choice of this run follows from it. A failure’s replay carries the seed of the exploration phase that found it (phase 1 uses the run seed, later phases seeds derived from it), so each replay reruns its run alone.',
    ),
    fact('Runs per requirement', formatInteger(settings.runs), false),
    fact(
      'Deadlines',
      `response ${formatInteger(settings.responseDeadlineMs)} ms · notification ${formatInteger(settings.notificationDeadlineMs)} ms`,
      false,
      settings.deadlinesExtended ? 'extended beyond the protocol defaults' : 'protocol defaults (section 7)',
    ),
    fact('Started', formatTimestamp(result.startedAt), false),
    fact('Tool', `${result.tool.name} ${result.tool.version}`, false),
    fact('Result schema', result.schema, true),
  ];
}

function statsOf(result: CertificationResult): StatTile[] {
  const { passed, failed, notRun } = result.counts;
  const notApplicable = result.requirements.filter((r) => isNotApplicable(r, bindingOf(result))).length;
  const tile = (label: string, value: string, className: string, note: string | null = null): StatTile => ({
    label,
    value,
    className,
    note,
  });
  return [
    tile('Passed', formatInteger(passed), 'stat stat--pass'),
    tile('Failed', formatInteger(failed), failed > 0 ? 'stat stat--fail' : 'stat'),
    tile(
      'Not run',
      formatInteger(notRun),
      notRun > notApplicable ? 'stat stat--skip' : 'stat',
      notRunNoteOf(result, notApplicable),
    ),
    tile('Duration', formatDuration(result.durationMs), 'stat'),
    tile('Requests', formatInteger(result.requests), 'stat'),
  ];
}

/** What the "Not run" tile's number is made of, when it is not one kind: not applicable, and could not run. */
function notRunNoteOf(result: CertificationResult, notApplicable: number): string | null {
  if (notApplicable === 0 || result.subject.kind !== 'device') return null;
  const parts = [
    `${formatInteger(notApplicable)} not applicable to ${BINDING_NAMES[result.subject.binding]}`,
  ];
  const others = result.counts.notRun - notApplicable;
  if (others > 0) parts.push(`${formatInteger(others)} could not run`);
  return parts.join(', ');
}

function noticesOf(result: CertificationResult): string[] {
  const notices: string[] = (result.advice ?? []).map((a) => `Speed: ${a}`);
  const { settings } = result;
  if (settings.deadlinesExtended) {
    notices.push(
      `Deadlines were made longer than the protocol defaults (docs/protocol.md, section 7): response ${formatInteger(settings.responseDeadlineMs)} ms, notification ${formatInteger(settings.notificationDeadlineMs)} ms.`,
    );
  }
  const selection =
    settings.only && settings.only.length > 0
      ? `only ${listInProse([...settings.only])} ${settings.only.length === 1 ? 'was' : 'were'} checked (--only)`
      : settings.replay !== undefined
        ? `a replay of ${settings.replay}, judged for the model-based rules only`
        : undefined;
  // A run of some rules in which one failed is plainly not certified (result.json, JUnit and
  // stdout say so); only a passing one is "partial". The notice says which of the two this is.
  if (selection !== undefined) {
    notices.push(
      result.verdict === 'not-certified'
        ? `Not certified, in a run of some rules: ${selection}. Had they all passed, it would have been a partial run, never a certificate.`
        : `Partial run: ${selection}. A partial run is never a certificate.`,
    );
  }
  notices.push(...tlsNotices(result));
  return notices;
}

/** Section 9 (`--listen-tls`): what was presented on each attempt and what the device did. */
function tlsNotices(result: CertificationResult): string[] {
  const { tls } = result;
  if (tls === undefined) return [];
  return [
    `TLS (section 9): ${tls.attempts.length} connection attempts to ${tls.serverName}:${tls.port} in ${formatInteger(tls.durationMs)} ms from the first; plaintext watched on port ${tls.plainPort}${tls.trustAnchor === undefined ? '' : `; trust anchor ${tls.trustAnchor}`}${tls.clientCa === undefined ? '' : `; client certificate required, chaining to ${tls.clientCa} and naming the device id (EDP-TLS-1)`}.`,
    ...tls.attempts.map(
      (a) =>
        `TLS ${a.ok ? 'ok' : 'FAILED'} (${a.rule}): presented ${a.description}; the device ${a.observed}.`,
    ),
    ...tls.plaintext.map(
      (id) => `TLS FAILED (EDP-TLS-6): plaintext CONNECT as ${JSON.stringify(id)} (token not kept).`,
    ),
    ...(tls.stopped === undefined ? [] : [`TLS checks stopped early: ${tls.stopped}.`]),
  ];
}

function integrityOf(result: CertificationResult): IntegrityView | null {
  const { integrity } = result;
  if (!integrity) return null;
  const fingerprint = integrity.signature ? keyFingerprint(integrity.signature.publicKey) : null;
  return {
    algorithm: 'SHA-256',
    digest: integrity.digest,
    digestRef: `${integrity.algorithm}:${integrity.digest}`,
    signed: fingerprint !== null,
    signatureText: fingerprint ? `Signed with Ed25519 key ${fingerprint}` : 'Not signed',
    keyFingerprint: fingerprint,
  };
}

function requirementsNoteOf(result: CertificationResult): string {
  const shared = sharedDuration(result.requirements);
  const order = `${plural(result.requirements.length, 'rule')} of EDP/1 (docs/protocol.md), in protocol order. Runs: the runs that judged the rule.`;
  if (shared === null) return `${order} Time: the time spent judging it.`;
  return `${order} Time “shared”: those rules were judged together, each run checking all of them, in ${shared}; a failed rule shows the time until it failed, shrinking and replay included.`;
}

export function buildReportModel(result: CertificationResult): ReportModel {
  const failed = [...result.requirements]
    .filter((r) => r.verdict === 'failed')
    .sort((a, b) => compareRules(a.rule, b.rule));
  const openFailures = failed.length <= OPEN_FAILURES_UP_TO;
  const groups = requirementGroups(result.requirements, bindingOf(result), openFailures, result.subject);
  const rows = groups.flatMap((g) => g.rows);
  return {
    title: `EDP/1 certification report · ${subjectName(result.subject)}`,
    masthead: {
      meta: `Run started ${formatTimestamp(result.startedAt)} · ${result.tool.name} ${result.tool.version}`,
      code: result.integrity ? `sha256 ${result.integrity.digest.slice(0, 16)}…` : null,
    },
    verdict: verdictOf(
      result,
      failed.map((r) => r.rule),
    ),
    subject: subjectHeader(result.subject),
    stats: statsOf(result),
    facts: factsOf(result, runFactsOf(result)),
    notices: noticesOf(result),
    counts: { ...result.counts, total: result.requirements.length },
    groups,
    requirementsNote: requirementsNoteOf(result),
    // Rules that failed on their own lead; those that only followed from another rule's failure come after.
    failures: [
      ...rows.filter((row) => row.failure !== null && row.failure.consequenceOf === null),
      ...rows.filter((row) => row.failure !== null && row.failure.consequenceOf !== null),
    ].flatMap((row) =>
      row.failure ? [{ rule: row.rule, anchor: row.anchor, summaryParts: row.failure.summaryParts }] : [],
    ),
    latency: buildLatencySection(
      result.latency,
      result.subject.kind === 'hub' ? result.subject.deadlineMs : undefined,
    ),
    integrity: integrityOf(result),
    generator: `fleetcert report · ${result.schema}`,
  };
}
