/**
 * The result file (src/result/certification-result.ts) from the checks' outcomes: every
 * requirement of the catalogue, in protocol order, with its verdict; failures with their
 * counterexample and the command that replays them.
 */

import type { RuleVerdict } from '../../src/result/index.js';
import {
  CERTIFICATION_RESULT_SCHEMA,
  type CertificationResult,
  type CertificationSubject,
  type Counterexample,
  type DeviceSubject,
  type TlsReport,
} from '../../src/result/index.js';
import {
  applicability,
  bindingOfMode,
  type CertifyMode,
  type DeviceMode,
  type Requirement,
  requirementsFor,
} from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { CertifyConfig, ResolvedTiming } from '../settings/certify-config.js';
import type { JudgedStage } from '../suites/judged-stage.js';
import { formatReplayToken, type ReplayToken } from '../suites/model-based/replay-token.js';
import { delayedAckAdvice } from './delayed-ack.js';
import { summariseLatency } from './latency.js';

/** What any subject's certification knows at its end: the one result builder's input. */
export interface ResultInputs<Subject extends CertificationSubject = CertificationSubject> {
  readonly subject: Subject;
  readonly mode: CertifyMode;
  readonly toolVersion: string;
  readonly seed: number;
  readonly settings: Omit<CertificationResult['settings'], 'mode'>;
  /** How each failure's replay command is written. */
  readonly replay: ReplaySettings;
  /** Only some rules were judged (`--only`, `--replay`, a stopped run): never a certificate. */
  readonly partial: boolean;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly requests: number;
  readonly latenciesMs: readonly number[];
  readonly outcomes: ReadonlyMap<RuleId, RuleVerdict<JudgedStage>>;
  readonly advice?: readonly string[];
  /** Section 9 (`--listen-tls`): what was presented and what the device did. */
  readonly tls?: TlsReport;
}

/**
 * The result file of a certification, for every subject: every requirement of the subject's
 * catalogue in protocol order with its verdict, the counts, and the verdict of the whole.
 */
export function buildResult<Subject extends CertificationSubject>(
  inputs: ResultInputs<Subject>,
): CertificationResult & { readonly subject: Subject } {
  const requirements = requirementsFor(inputs.subject.kind).map((r) =>
    requirementResult(r, inputs.outcomes.get(r.id), inputs.replay, inputs.mode),
  );
  const { counts, verdict } = tally(requirements, { partial: inputs.partial });
  return {
    schema: CERTIFICATION_RESULT_SCHEMA,
    tool: { name: 'fleetcert', version: inputs.toolVersion },
    startedAt: inputs.startedAt.toISOString(),
    durationMs: Math.round(inputs.durationMs),
    subject: inputs.subject,
    seed: inputs.seed,
    settings: { ...inputs.settings, mode: inputs.mode },
    verdict,
    counts,
    requests: inputs.requests,
    latency: summariseLatency(inputs.latenciesMs),
    ...(inputs.advice === undefined ? {} : { advice: [...inputs.advice] }),
    requirements,
    ...(inputs.tls === undefined ? {} : { tls: inputs.tls }),
  };
}

/** What a device certification knows at its end. */
export interface DeviceResultFacts {
  readonly config: CertifyConfig;
  readonly mode: DeviceMode;
  readonly target: string;
  readonly model: {
    readonly id: string;
    readonly sha256: string;
    /** `siid.piid` → `service.property`, for the report's message chart. */
    readonly propertyNames?: Readonly<Record<string, string>>;
  };
  readonly firmware?: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly timing: ResolvedTiming;
  readonly requests: number;
  readonly latenciesMs: readonly number[];
  readonly outcomes: ReadonlyMap<RuleId, RuleVerdict<JudgedStage>>;
  /** Section 9 (`--listen-tls`): what was presented and what the device did. */
  readonly tls?: TlsReport;
}

/** A device certification's facts as the result builder's input (subject, settings, advice). */
export function deviceResultInputs(facts: DeviceResultFacts): ResultInputs<DeviceSubject> {
  const { config, mode } = facts;
  const advice = delayedAckAdvice(facts.latenciesMs);
  return {
    subject: {
      kind: 'device',
      id: config.deviceId,
      modelId: facts.model.id,
      modelSha256: facts.model.sha256,
      ...(facts.firmware === undefined ? {} : { firmware: facts.firmware }),
      binding: bindingOfMode(mode),
      target: facts.target,
      ...(facts.model.propertyNames === undefined ? {} : { propertyNames: { ...facts.model.propertyNames } }),
    },
    mode,
    toolVersion: config.toolVersion,
    seed: config.replay?.seed ?? config.seed,
    settings: {
      runs: config.runs,
      responseDeadlineMs: facts.timing.responseDeadlineMs,
      notificationDeadlineMs: facts.timing.notificationDeadlineMs,
      deadlinesExtended: facts.timing.extended,
      ...(config.only === undefined ? {} : { only: [...config.only] }),
      ...(config.replay === undefined ? {} : { replay: formatReplayToken(config.replay) }),
    },
    replay: config,
    partial: config.only !== undefined || config.replay !== undefined || config.signal?.aborted === true,
    startedAt: facts.startedAt,
    durationMs: facts.durationMs,
    requests: facts.requests,
    latenciesMs: facts.latenciesMs,
    outcomes: facts.outcomes,
    ...(advice === undefined ? {} : { advice: [advice] }),
    ...(facts.tls === undefined ? {} : { tls: facts.tls }),
  };
}

/**
 * The counts and verdict of a result's rows, for every subject: `not-certified` when a rule
 * failed or none passed; `partial` (src/result/verdict.ts) when only some rules were selected
 * (`--only`, `--replay`) and none failed; otherwise `certified`.
 */
export function tally(
  requirements: readonly RuleVerdict[],
  selection: { readonly partial: boolean },
): { counts: CertificationResult['counts']; verdict: CertificationResult['verdict'] } {
  const count = (verdict: RuleVerdict['verdict']) => requirements.filter((r) => r.verdict === verdict).length;
  const counts = { passed: count('passed'), failed: count('failed'), notRun: count('not-run') };
  const verdict =
    counts.failed > 0 || counts.passed === 0 ? 'not-certified' : selection.partial ? 'partial' : 'certified';
  return { counts, verdict };
}

/** Where a subject's certification records how to replay a failure. */
export interface ReplaySettings {
  readonly seed: number;
  readonly only?: readonly RuleId[];
  readonly replayCommand?: CertifyConfig['replayCommand'];
}

/** One row of the result: the rule's outcome, or why it has none. Shared by every subject. */
export function requirementResult(
  r: Requirement,
  outcome: RuleVerdict<JudgedStage> | undefined,
  config: ReplaySettings,
  mode: CertifyMode,
): RuleVerdict {
  const base = { rule: r.id, statement: r.statement, bindings: [...r.bindings] };
  const where = applicability(r, mode);
  if (outcome === undefined) {
    const reason =
      config.only !== undefined && !config.only.includes(r.id)
        ? 'not selected (--only)'
        : where.run === 'none'
          ? where.reason
          : 'not reached: certification stopped before this check';
    return { ...base, runs: 0, durationMs: 0, verdict: 'not-run', reason };
  }
  const common = {
    ...base,
    runs: outcome.runs,
    durationMs: Math.round(outcome.durationMs),
    ...(outcome.notes === undefined ? {} : { notes: [...outcome.notes] }),
    ...(outcome.cases === undefined
      ? {}
      : { cases: { enumerated: outcome.cases.enumerated.length, sent: [...outcome.cases.sent] } }),
  };
  switch (outcome.verdict) {
    case 'passed':
      return { ...common, verdict: 'passed' };
    case 'not-run':
      return { ...common, verdict: 'not-run', reason: outcome.reason };
    case 'failed':
      return {
        ...common,
        verdict: 'failed',
        counterexample: counterexample(r, outcome),
        replay: replay(config, (outcome.consequenceOf ?? r.id) as RuleId, outcome.replay),
        ...(outcome.reproduced === false ? { reproduced: false } : {}),
        ...(outcome.consequenceOf === undefined ? {} : { consequenceOf: outcome.consequenceOf }),
      };
  }
}

function counterexample(
  r: Requirement,
  outcome: Extract<RuleVerdict<JudgedStage>, { verdict: 'failed' }>,
): Counterexample {
  const mine = outcome.record.violations.filter((v) => v.rule === r.id);
  const first = mine[0] ?? outcome.record.violations[0];
  const found =
    outcome.consequenceOf !== undefined
      ? ` A consequence of ${outcome.consequenceOf} in the same run: fix that first (the replay below is that rule's).`
      : outcome.reproduced === false
        ? ` Seen, not reproduced: its replay passed against the same ${r.subject}, so this is the run as seen, not shrunk.`
        : outcome.shrunk === false
          ? ' (Shown as found, not shrunk.)'
          : '';
  const summary =
    outcome.summary !== undefined
      ? `${outcome.summary}${found}`
      : first === undefined
        ? `the ${r.subject} broke ${r.id}`
        : `Expected ${first.expected}; the ${r.subject} gave ${first.observed}.${found}`;
  return { commands: [...outcome.record.commands], trace: [...outcome.record.trace], summary };
}

function replay(config: ReplaySettings, rule: RuleId, token: ReplayToken | undefined) {
  const command =
    config.replayCommand?.(token, rule) ??
    `fleetcert certify ${token === undefined ? '' : `--replay ${formatReplayToken(token)} `}--only ${rule}`;
  return {
    seed: token?.seed ?? config.seed,
    path: token?.path ?? '',
    ...(token?.commandsReplayPath === undefined ? {} : { commandsReplayPath: token.commandsReplayPath }),
    command,
  };
}

/**
 * A rule's outcome once the run was stopped (Ctrl-C, a deadline), for every subject: a pass
 * stands for the runs that were made (and says so), a rule nothing reached is not run because
 * of the stop. Failures stand as they are.
 */
export function stoppedOutcome(o: RuleVerdict<JudgedStage>, signal: AbortSignal): RuleVerdict<JudgedStage> {
  const why = stopReason(signal);
  if (o.verdict === 'passed')
    return { ...o, notes: [...(o.notes ?? []), `${why}: judged by the ${o.runs} run(s) that were made`] };
  if (o.verdict === 'not-run' && o.runs === 0) return { ...o, reason: `not reached: ${why}` };
  return o;
}

function stopReason(signal: AbortSignal): string {
  const code = (signal.reason as { code?: unknown } | undefined)?.code;
  return code === 'FLEETCERT_RUN_TIMEOUT'
    ? 'the run was stopped at its time limit'
    : 'the run was interrupted (Ctrl-C, or its caller stopped it)';
}
