/**
 * Hub certification (PROTOCOL.md section 8): property-based app sessions in front of a partner's
 * hub, the simulated fleet behind it as the oracle. The composition (runs/) has started the
 * broker, the fleet and the hub with a configuration written from `planHubGrants`, and passes
 * the fleet in as a `FleetPort`; certifyHub opens app connections, runs the hub suite, and
 * builds the result. It never hangs on a bad hub: every wait is bounded, the exploration has one
 * time limit, and rules judged before a hub broke keep their verdicts.
 */
import type {
  Counterexample,
  LatencySummary,
  RequirementResult,
  TraceEntry,
} from '../../src/result/certification-result.js';
import { HUB_REQUIREMENTS } from '../catalogue/hub-requirements.js';
import { chooseCast } from '../suites/hub/hub-arbitraries.js';
import { type HubCertifyConfig, resolveHubTimeouts } from '../suites/hub/hub-certify-config.js';
import { HUB_RULE_IDS, type HubRuleId } from '../suites/hub/hub-rule-ids.js';
import type { HubSessionContext, HubSessionStats } from '../suites/hub/hub-session.js';
import { type HubRuleOutcome, replayHubSuite, runHubSuite } from '../suites/hub/run-hub-suite.js';
import { formatReplayToken, type ReplayToken } from '../suites/model-based/replay-token.js';
import { summariseLatency } from './latency.js';

export type { HubCertifyConfig } from '../suites/hub/hub-certify-config.js';

export const HUB_CERTIFICATION_SCHEMA = 'fleetcert.certification-result/2';
export const DEFAULT_HUB_RUNS = 30;
export const DEFAULT_HUB_MAX_COMMANDS = 10;
export const DEFAULT_HUB_SHRINK_TIME_LIMIT_MS = 10_000;
export const DEFAULT_HUB_TIME_LIMIT_MS = 120_000;

/** The subject of a hub result (the result contract's `HubSubject`): token names, never secrets. */
export interface HubSubject {
  readonly kind: 'hub';
  readonly target: string;
  readonly hubUrl: string;
  readonly fleet: readonly {
    readonly deviceId: string;
    readonly modelId: string;
    readonly binding: 'mqtt' | 'ws';
  }[];
  readonly apps: readonly { readonly name: string; readonly devices: readonly string[] | '*' }[];
  readonly deadlineMs: number;
}

export interface HubCertificationResult {
  readonly schema: typeof HUB_CERTIFICATION_SCHEMA;
  readonly tool: { readonly name: 'fleetcert'; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly subject: HubSubject;
  readonly seed: number;
  readonly settings: {
    readonly runs: number;
    /** D of EDP-HUB-2. */
    readonly responseDeadlineMs: number;
    readonly notificationDeadlineMs: number;
    readonly deadlinesExtended: boolean;
    readonly only?: readonly string[];
    readonly mode: 'hub-command' | 'hub-url';
  };
  readonly verdict: 'certified' | 'not-certified';
  readonly counts: { readonly passed: number; readonly failed: number; readonly notRun: number };
  /** App requests sent in all. */
  readonly requests: number;
  readonly latency: LatencySummary;
  readonly requirements: readonly RequirementResult[];
}

export interface HubCertification {
  readonly result: HubCertificationResult;
  /** Set when the hub stopped accepting app connections: with nothing failed, a setup problem (exit 2). */
  readonly stoppedBy?: string;
}

export async function certifyHub(
  config: HubCertifyConfig & { readonly mode?: 'hub-command' | 'hub-url' },
): Promise<HubCertification> {
  const startedAt = new Date();
  const fleet = config.fleet;
  const t0 = fleet.now();
  const timeouts = resolveHubTimeouts(config.timeouts);
  const fleetIds = fleet.devices.map((d) => d.deviceId);
  const models = new Map(fleet.devices.map((d) => [d.deviceId, d.model] as const));
  const stats: HubSessionStats = { requests: 0, latenciesMs: [] };
  const ctx: HubSessionContext = {
    hubUrl: config.hubUrl,
    apps: config.apps,
    unknownToken: config.unknownToken,
    deadlineMs: config.deadlineMs,
    fleet,
    timeouts,
    fleetIds,
    modelIds: new Map(fleet.devices.map((d) => [d.deviceId, d.model.model] as const)),
    stats,
  };
  const cast = chooseCast({ ...config, fleetIds }, config.seed);
  const rules = (config.only ?? HUB_RULE_IDS).filter((r) => HUB_RULE_IDS.includes(r));
  const maxCommands = config.maxCommands ?? DEFAULT_HUB_MAX_COMMANDS;
  config.logger?.info(
    { hub: config.hubUrl, fleet: fleetIds.length, seed: config.seed },
    'hub certification starts',
  );
  config.onProgress?.({ kind: 'phase', text: `app sessions against ${config.hubUrl}` });
  const onRuleDone = (o: HubRuleOutcome) =>
    config.onProgress?.({ kind: 'rule', rule: o.rule, verdict: o.verdict });
  const outcomes =
    config.replay === undefined
      ? await runHubSuite(ctx, {
          rules,
          seed: config.seed,
          runs: config.runs,
          maxCommands,
          shrinkTimeLimitMs: config.shrinkTimeLimitMs ?? DEFAULT_HUB_SHRINK_TIME_LIMIT_MS,
          timeLimitMs: config.timeLimitMs ?? DEFAULT_HUB_TIME_LIMIT_MS,
          cast,
          models,
          onRuleDone,
        })
      : await replayHubSuite(
          ctx,
          { rules, seed: config.replay.seed, maxCommands, cast, models },
          config.replay,
        );
  const byRule = new Map(outcomes.map((o) => [o.rule, o] as const));
  const stopped = outcomes.find((o) => o.verdict === 'not-run' && o.reason.startsWith('the hub stopped'));
  const requirements = HUB_REQUIREMENTS.map((r) =>
    requirementResult(r.id, r.statement, byRule.get(r.id), config),
  );
  const count = (v: RequirementResult['verdict']) => requirements.filter((r) => r.verdict === v).length;
  const counts = { passed: count('passed'), failed: count('failed'), notRun: count('not-run') };
  const result: HubCertificationResult = {
    schema: HUB_CERTIFICATION_SCHEMA,
    tool: { name: 'fleetcert', version: config.toolVersion },
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(fleet.now() - t0),
    subject: {
      kind: 'hub',
      target: config.target,
      hubUrl: config.hubUrl,
      fleet: fleet.devices.map((d) => ({ deviceId: d.deviceId, modelId: d.model.model, binding: d.binding })),
      apps: config.apps.map((a) => ({ name: a.name, devices: a.devices === '*' ? '*' : [...a.devices] })),
      deadlineMs: config.deadlineMs,
    },
    seed: config.replay?.seed ?? config.seed,
    settings: {
      runs: config.runs,
      responseDeadlineMs: config.deadlineMs,
      notificationDeadlineMs: timeouts.notificationMs,
      deadlinesExtended: timeouts.extended,
      ...(config.only === undefined ? {} : { only: [...config.only] }),
      mode: config.mode ?? 'hub-command',
    },
    verdict: counts.failed === 0 && counts.passed > 0 ? 'certified' : 'not-certified',
    counts,
    requests: stats.requests,
    latency: summariseLatency(stats.latenciesMs),
    requirements,
  };
  config.logger?.info({ verdict: result.verdict, counts }, 'hub certification done');
  return stopped?.verdict === 'not-run' ? { result, stoppedBy: stopped.reason } : { result };
}

function requirementResult(
  rule: HubRuleId,
  statement: string,
  outcome: HubRuleOutcome | undefined,
  config: HubCertifyConfig,
): RequirementResult {
  const base = { rule, statement, bindings: ['mqtt', 'ws'] as ('mqtt' | 'ws')[] };
  if (outcome === undefined)
    return {
      ...base,
      runs: 0,
      durationMs: 0,
      verdict: 'not-run',
      reason:
        config.only !== undefined && !config.only.includes(rule) ? 'not selected (--only)' : 'not reached',
    };
  const common = { ...base, runs: outcome.runs, durationMs: Math.round(outcome.durationMs) };
  switch (outcome.verdict) {
    case 'passed':
      return { ...common, verdict: 'passed' };
    case 'not-run':
      return { ...common, verdict: 'not-run', reason: outcome.reason };
    case 'failed': {
      const mine = outcome.record.violations.filter((v) => v.rule === rule);
      const first = mine[0];
      const counterexample: Counterexample = {
        commands: [...outcome.record.commands],
        trace: outcome.record.trace.map((e) => e as TraceEntry),
        summary:
          first === undefined
            ? `the hub broke ${rule}`
            : `Expected ${first.expected}; the hub gave ${first.observed}.${outcome.shrunk ? '' : ' (Shown as found, not shrunk.)'}`,
      };
      return { ...common, verdict: 'failed', counterexample, replay: replayOf(config, rule, outcome.replay) };
    }
  }
}

function replayOf(config: HubCertifyConfig, rule: HubRuleId, token: ReplayToken) {
  const command =
    config.replayCommand?.(token, rule) ??
    `fleetcert certify hub --replay ${formatReplayToken(token)} --only ${rule}`;
  return {
    seed: token.seed,
    path: token.path,
    ...(token.commandsReplayPath === undefined ? {} : { commandsReplayPath: token.commandsReplayPath }),
    command,
  };
}
