/**
 * Hub certification (PROTOCOL.md section 8): property-based app sessions in front of a partner's
 * hub, the simulated fleet behind it as the judge. The composition (runs/) has started the
 * broker, the fleet and the hub with a configuration written from `planHubGrants`, and passes
 * the fleet in as a `FleetPort`; certifyHub opens app connections, runs the hub suites, and
 * builds the result (subject: the hub, token names never their secrets). It never hangs on a
 * bad hub: every wait is bounded, the exploration has one time limit, and rules judged before
 * a hub broke keep their verdicts. Its abort signal (Ctrl-C, the whole run's deadline) stops it
 * starting sessions: what was judged is returned, marked partial (never a certificate).
 */

import type { HubCertificationResult, HubMode, RuleVerdict } from '../../src/result/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { chooseParticipants } from '../suites/hub/hub-arbitraries.js';
import { type HubCertifyConfig, resolveHubTimeouts } from '../suites/hub/hub-certify-config.js';
import { HUB_RULE_IDS } from '../suites/hub/hub-rule-ids.js';
import type { HubSessionContext, HubSessionStats } from '../suites/hub/hub-session.js';
import { HUB_SUITES, type HubSuiteContext } from '../suites/hub/hub-suite.js';
import { LatenessLog } from '../suites/hub/lateness-log.js';
import type { JudgedStage } from '../suites/judged-stage.js';
import { formatReplayToken } from '../suites/model-based/replay-token.js';
import { buildResult, stoppedOutcome } from './build-result.js';
import { runSuites } from './suite.js';

export type { HubCertifyConfig } from '../suites/hub/hub-certify-config.js';

/** Generated app sessions of a hub certification: `fleetcert certify hub`'s default, and bench:judge's. */
export const DEFAULT_HUB_RUNS = 50;
export const DEFAULT_HUB_MAX_COMMANDS = 10;
export const DEFAULT_HUB_SHRINK_TIME_LIMIT_MS = 10_000;
export const DEFAULT_HUB_TIME_LIMIT_MS = 120_000;

export interface HubCertification {
  readonly result: HubCertificationResult;
  /** Set when the hub stopped accepting app connections: with nothing failed, a setup problem (exit 2). */
  readonly stoppedBy?: string;
}

export async function certifyHub(
  config: HubCertifyConfig & { readonly mode?: HubMode; readonly signal?: AbortSignal },
): Promise<HubCertification> {
  const startedAt = new Date();
  const fleet = config.fleet;
  const t0 = fleet.now();
  const mode = config.mode ?? 'hub-command';
  const timeouts = resolveHubTimeouts(config.timeouts);
  const fleetIds = fleet.devices.map((d) => d.deviceId);
  const models = new Map(fleet.devices.map((d) => [d.deviceId, d.model] as const));
  const stats: HubSessionStats = { requests: 0, latenciesMs: [], incompleteSessions: 0 };
  const session: HubSessionContext = {
    hubUrl: config.hubUrl,
    apps: config.apps,
    unknownToken: config.unknownToken,
    deadlineMs: config.deadlineMs,
    fleet,
    timeouts,
    stats,
    latenessLog: new LatenessLog(),
  };
  const selected = new Set<RuleId>((config.only ?? HUB_RULE_IDS).filter((r) => HUB_RULE_IDS.includes(r)));
  const outcomes = new Map<RuleId, RuleVerdict<JudgedStage>>();
  const context: HubSuiteContext = {
    subject: { kind: 'hub', mode },
    selected,
    emit: (emitted) => {
      const o = config.signal?.aborted === true ? stoppedOutcome(emitted, config.signal) : emitted;
      const before = outcomes.get(o.rule);
      outcomes.set(o.rule, o);
      // The suite emits a rule as it finishes and again in its closing list: tell each once.
      if (before?.verdict !== o.verdict)
        config.onProgress?.({
          kind: 'rule',
          rule: o.rule as (typeof HUB_RULE_IDS)[number],
          verdict: o.verdict,
        });
    },
    phase: (text) => config.onProgress?.({ kind: 'phase', text }),
    session,
    options: {
      // The run's seed, also in a replay: it chose the grants and the participants the session ran with.
      seed: config.seed,
      runs: config.runs,
      maxCommands: config.maxCommands ?? DEFAULT_HUB_MAX_COMMANDS,
      shrinkTimeLimitMs: config.shrinkTimeLimitMs ?? DEFAULT_HUB_SHRINK_TIME_LIMIT_MS,
      timeLimitMs: config.timeLimitMs ?? DEFAULT_HUB_TIME_LIMIT_MS,
      participants: chooseParticipants(
        { ...config, fleetIds, canAppear: fleet.appear !== undefined },
        config.seed,
      ),
      models,
      ...(config.signal === undefined ? {} : { signal: config.signal }),
      // Each app session as it starts, for the caller's progress (the CLI redraws one line).
      onSession: (progress) => config.onProgress?.({ kind: 'session', ...progress }),
    },
    ...(config.replay === undefined ? {} : { replay: config.replay }),
  };
  config.logger?.info(
    { hub: config.hubUrl, fleet: fleetIds.length, seed: config.seed },
    'hub certification starts',
  );
  await runSuites(HUB_SUITES, context);
  const replaySettings = {
    seed: config.seed,
    ...(config.only === undefined ? {} : { only: [...config.only] as RuleId[] }),
    replayCommand:
      config.replayCommand === undefined
        ? (token: Parameters<NonNullable<HubCertifyConfig['replayCommand']>>[0], rule: RuleId) =>
            `fleetcert certify hub --seed ${config.seed} ${token === undefined ? '' : `--replay ${formatReplayToken(token)} `}--only ${rule}`
        : (token: Parameters<NonNullable<HubCertifyConfig['replayCommand']>>[0], rule: RuleId) =>
            (config.replayCommand as NonNullable<HubCertifyConfig['replayCommand']>)(
              token,
              rule as (typeof HUB_RULE_IDS)[number],
            ),
  };
  const result: HubCertificationResult = buildResult({
    subject: {
      kind: 'hub',
      target: config.target,
      hubUrl: config.hubUrl,
      fleet: fleet.devices.map((d) => ({ deviceId: d.deviceId, modelId: d.model.model, binding: d.binding })),
      apps: config.apps.map((a) => ({ name: a.name, devices: a.devices === '*' ? '*' : [...a.devices] })),
      deadlineMs: config.deadlineMs,
    },
    mode,
    toolVersion: config.toolVersion,
    seed: config.seed,
    settings: {
      runs: config.runs,
      responseDeadlineMs: config.deadlineMs,
      notificationDeadlineMs: timeouts.notificationMs,
      deadlinesExtended: timeouts.extended,
      ...(config.only === undefined ? {} : { only: [...config.only] }),
    },
    replay: replaySettings,
    // --only, --replay, or a run stopped before its end judged only some rules: never a certificate.
    partial: config.only !== undefined || config.replay !== undefined || config.signal?.aborted === true,
    startedAt,
    durationMs: fleet.now() - t0,
    requests: stats.requests,
    latenciesMs: stats.latenciesMs,
    outcomes,
  });
  if (stats.incompleteSessions > 0)
    config.logger?.warn(
      { sessions: stats.incompleteSessions, latest: stats.lastIncomplete },
      'app sessions reached no verdict: device records were incomplete (never counted against the hub)',
    );
  config.logger?.info({ verdict: result.verdict, counts: result.counts }, 'hub certification done');
  const stopped = [...outcomes.values()].find(
    (o) => o.verdict === 'not-run' && o.reason.startsWith('the hub stopped'),
  );
  return stopped?.verdict === 'not-run' ? { result, stoppedBy: stopped.reason } : { result };
}
