/**
 * `certifyDevice(config) → CertificationResult`: reach the device, learn its model, run every
 * selected check, and build the result file's content. The programmatic face of
 * `fleetcert certify`, for `npm start`, benchmarks and tests. A device that breaks rules gives
 * a not-certified result; a device that cannot be reached throws a FleetcertError (exit 2).
 * Aborting `config.signal` (Ctrl-C) starts no new check or run: the result holds what was
 * judged, marked partial.
 */

import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../../src/index.js';
import { silentLogger } from '../../src/log/index.js';
import { createRequestIdSource } from '../../src/protocol/index.js';
import type { CertificationResult, RuleVerdict } from '../../src/result/index.js';
import { isValidDeviceId } from '../../src/transport/mqtt/index.js';
import { applicability, requirement, requirementsFor } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { createHarnessContext } from '../harness/harness-context.js';
import { issuedRequestIds } from '../harness/issued-request-ids.js';
import { indexModel } from '../judge/model-index.js';
import { type CertifyConfig, DEFAULT_QUIET_MS, resolveTiming } from '../settings/certify-config.js';
import { BindingCheckRun } from '../suites/binding/binding-check-run.js';
import type { JudgedStage } from '../suites/judged-stage.js';
import { buildTrace } from '../trace/build-trace.js';
import { buildResult, deviceResultInputs, requirementResult, stoppedOutcome } from './build-result.js';
import { type ConnectedTarget, connectTarget } from './connect-target.js';
import type { DeviceSuiteContext } from './device-context.js';
import { DEVICE_SUITES } from './device-suites.js';
import { resolveModel } from './model-source.js';
import { runSuites } from './suite.js';

export async function certifyDevice(config: CertifyConfig): Promise<CertificationResult> {
  const startedAt = new Date();
  const started = performance.now();
  const target = await reachDevice(config);
  try {
    return await judgeDevice(config, target, { startedAt, started });
  } finally {
    await target.close();
  }
}

/** Checks the config and reaches the device (a setup error, exit 2, when it cannot): the link the judge is given. */
export async function reachDevice(config: CertifyConfig): Promise<ConnectedTarget> {
  checkConfig(config);
  phaseOf(config)(`reaching ${config.deviceId}`);
  return connectTarget(config);
}

function phaseOf(config: CertifyConfig): (text: string) => void {
  const logger = config.logger ?? silentLogger();
  return (text) => {
    logger.info({ event: 'phase' }, text);
    config.onProgress?.({ kind: 'phase', text });
  };
}

/**
 * Judges a device already reached (`reachDevice`): learns its model, runs every selected check
 * and builds the result. The caller owns the link and closes it. `since`: when the run began
 * (the result's start and duration), default now.
 */
export async function judgeDevice(
  config: CertifyConfig,
  target: ConnectedTarget,
  since: { readonly startedAt: Date; readonly started: number } = {
    startedAt: new Date(),
    started: performance.now(),
  },
): Promise<CertificationResult> {
  const timing = resolveTiming(config);
  const logger = config.logger ?? silentLogger();
  const { startedAt, started } = since;
  const phase = phaseOf(config);
  // Ids the model query draws count as sent: its late answers are late, not strangers (EDP-RPC-1).
  const ids = issuedRequestIds(createRequestIdSource(config.requestIdSeed ?? randomInt(1, 2 ** 31 - 1)));
  const model = await resolveModel(config, target, timing.responseDeadlineMs, () => ids.next());
  const index = indexModel(model.model);
  const harness = createHarnessContext(target.link, index, ids, {
    responseDeadlineMs: timing.responseDeadlineMs,
    notificationDeadlineMs: timing.notificationDeadlineMs,
    quietMs: config.quietMs ?? DEFAULT_QUIET_MS,
  });
  let runs = 0;
  harness.onRunDone = () =>
    config.onProgress?.({
      kind: 'run',
      runs: ++runs,
      budget: config.runs,
      requests: harness.stats.requests,
    });
  const selected = new Set(
    requirementsFor('device')
      .filter(
        (r) =>
          applicability(r, target.mode).run !== 'none' &&
          (config.only === undefined || config.only.includes(r.id)),
      )
      .map((r) => r.id),
  );
  const outcomes = new Map<RuleId, RuleVerdict<JudgedStage>>();
  const emit = (emitted: RuleVerdict<JudgedStage>) => {
    // After Ctrl-C a pass stands only for the runs made, and the rules nothing reached say why.
    const outcome = config.signal?.aborted === true ? stoppedOutcome(emitted, config.signal) : emitted;
    outcomes.set(outcome.rule, outcome);
    if (outcome.verdict === 'failed' && config.onTrace !== undefined) {
      const trace = buildTrace(outcome.record, {
        rule: outcome.rule,
        toolVersion: config.toolVersion,
        recordedAt: startedAt,
        device: { id: config.deviceId, binding: target.binding },
        model: { id: index.model.model, sha256: model.sha256 },
        timing: {
          responseDeadlineMs: harness.timing.responseDeadlineMs,
          notificationDeadlineMs: harness.timing.notificationDeadlineMs,
          quietMs: harness.timing.quietMs,
        },
      });
      if (trace !== undefined) config.onTrace(trace);
    }
    config.onProgress?.({
      kind: 'verdict',
      requirement: requirementResult(requirement(outcome.rule), outcome, config, target.mode),
    });
    logger.info(
      { event: 'verdict', rule: outcome.rule, verdict: outcome.verdict, runs: outcome.runs },
      `${outcome.rule} ${outcome.verdict}`,
    );
  };
  const scenarios: BindingCheckRun[] = [];
  const scenario = () => {
    const s = new BindingCheckRun(() => harness.link.now());
    scenarios.push(s);
    return s;
  };
  const context: DeviceSuiteContext = {
    subject: { kind: 'device', mode: target.mode },
    selected,
    emit,
    phase,
    config,
    target,
    harness,
    timing,
    scenario,
    presence: scenario(),
    firstContact: {},
  };
  await runSuites(DEVICE_SUITES, context, config.signal);
  harness.stats.requests += scenarios.reduce((sum, s) => sum + s.requestCount, 0);
  const { firmware } = context.firstContact;
  return buildResult(
    deviceResultInputs({
      config,
      mode: target.mode,
      target: target.description,
      model: {
        id: index.model.model,
        sha256: model.sha256,
        propertyNames: Object.fromEntries(index.properties.map((p) => [p.key, p.label])),
      },
      ...(firmware === undefined ? {} : { firmware }),
      startedAt,
      durationMs: performance.now() - started,
      timing,
      requests: harness.stats.requests,
      latenciesMs: harness.stats.latenciesMs,
      outcomes,
      ...(target.tls === undefined ? {} : { tls: target.tls.report }),
    }),
  );
}

function checkConfig(config: CertifyConfig): void {
  if (!isValidDeviceId(config.deviceId)) {
    throw new UsageError(
      `--device-id ${JSON.stringify(config.deviceId)} is not a device id: use ^[a-z0-9][a-z0-9-]{2,63}$`,
    );
  }
  if (config.token.length === 0) throw new UsageError('--token must not be empty');
  if (!Number.isSafeInteger(config.runs) || config.runs < 1)
    throw new UsageError(`--runs must be a whole number of at least 1, got ${config.runs}`);
  if (!Number.isSafeInteger(config.seed))
    throw new UsageError(`--seed must be a whole number, got ${config.seed}`);
}
