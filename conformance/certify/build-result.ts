/**
 * The result file (src/result/certification-result.ts) from the checks' outcomes: every
 * requirement of the catalogue, in protocol order, with its verdict; failures with their
 * counterexample and the command that replays them.
 */
import {
  CERTIFICATION_RESULT_SCHEMA,
  type CertificationResult,
  type Counterexample,
  type RequirementResult,
  type TlsReport,
} from '../../src/result/certification-result.js';
import {
  applicability,
  bindingOfMode,
  type CertifyMode,
  type DeviceMode,
  type Requirement,
  requirementsFor,
} from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { CheckOutcome } from '../suites/binding/check-outcome.js';
import { formatReplayToken, type ReplayToken } from '../suites/model-based/replay-token.js';
import type { CertifyConfig, ResolvedTiming } from './certify-config.js';
import { delayedAckAdvice } from './delayed-ack.js';
import { summariseLatency } from './latency.js';

export interface ResultInputs {
  readonly config: CertifyConfig;
  readonly mode: DeviceMode;
  readonly target: string;
  readonly model: { readonly id: string; readonly sha256: string };
  readonly firmware?: string;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly timing: ResolvedTiming;
  readonly requests: number;
  readonly latenciesMs: readonly number[];
  readonly outcomes: ReadonlyMap<RuleId, CheckOutcome>;
  /** Section 9 (`--listen-tls`): what was presented and what the device did. */
  readonly tls?: TlsReport;
}

export function buildResult(inputs: ResultInputs): CertificationResult {
  const { config, mode } = inputs;
  const requirements = requirementsFor('device').map((r) =>
    requirementResult(r, inputs.outcomes.get(r.id), config, mode),
  );
  const { counts, verdict } = tally(requirements, {
    partial: config.only !== undefined || config.replay !== undefined || config.signal?.aborted === true,
  });
  const advice = delayedAckAdvice(inputs.latenciesMs);
  return {
    schema: CERTIFICATION_RESULT_SCHEMA,
    tool: { name: 'fleetcert', version: config.toolVersion },
    startedAt: inputs.startedAt.toISOString(),
    durationMs: Math.round(inputs.durationMs),
    subject: {
      kind: 'device',
      id: config.deviceId,
      modelId: inputs.model.id,
      modelSha256: inputs.model.sha256,
      ...(inputs.firmware === undefined ? {} : { firmware: inputs.firmware }),
      binding: bindingOfMode(mode),
      target: inputs.target,
    },
    seed: config.replay?.seed ?? config.seed,
    settings: {
      runs: config.runs,
      responseDeadlineMs: inputs.timing.responseDeadlineMs,
      notificationDeadlineMs: inputs.timing.notificationDeadlineMs,
      deadlinesExtended: inputs.timing.extended,
      ...(config.only === undefined ? {} : { only: [...config.only] }),
      ...(config.replay === undefined ? {} : { replay: formatReplayToken(config.replay) }),
      mode,
    },
    verdict,
    counts,
    requests: inputs.requests,
    latency: summariseLatency(inputs.latenciesMs),
    ...(advice === undefined ? {} : { advice: [advice] }),
    requirements,
    ...(inputs.tls === undefined ? {} : { tls: inputs.tls }),
  };
}

/**
 * The counts and verdict of a result's rows, for every subject: `not-certified` when a rule
 * failed or none passed; `partial` (src/result/verdict.ts) when only some rules were selected
 * (`--only`, `--replay`) and none failed; otherwise `certified`.
 */
export function tally(
  requirements: readonly RequirementResult[],
  selection: { readonly partial: boolean },
): { counts: CertificationResult['counts']; verdict: CertificationResult['verdict'] } {
  const count = (verdict: RequirementResult['verdict']) =>
    requirements.filter((r) => r.verdict === verdict).length;
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
  outcome: CheckOutcome | undefined,
  config: ReplaySettings,
  mode: CertifyMode,
): RequirementResult {
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
  outcome: Extract<CheckOutcome, { verdict: 'failed' }>,
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
    first === undefined
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
export function stoppedOutcome(o: CheckOutcome, signal: AbortSignal): CheckOutcome {
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
