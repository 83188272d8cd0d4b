/**
 * The result of a `--listen-tls` run whose device never connected with the good certificate:
 * the TLS checks were judged (what was presented, what the device did), every other rule could
 * not run, and the result says why. Built like any device result (build-result.ts), so the
 * reports are written and "results gathered so far" are never lost.
 */

import type { CertificationResult, RuleVerdict } from '../../src/result/index.js';
import { applicability, requirementsFor } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { type CertifyConfig, resolveTiming } from '../settings/certify-config.js';
import type { JudgedStage } from '../suites/judged-stage.js';
import type { TlsStageResult } from '../tls/tls-stage.js';
import { buildResult, deviceResultInputs } from './build-result.js';
import { tlsRuleVerdict } from './tls-suite.js';

/** The model id a result names when the device was never reached and no --model was given. */
export const UNKNOWN_MODEL_ID = '(unknown: the device never connected)';

export function tlsOnlyResult(
  config: CertifyConfig,
  tls: TlsStageResult,
  since: { readonly startedAt: Date; readonly durationMs: number },
): CertificationResult {
  const reason = notReachedReason(tls);
  const outcomes = new Map<RuleId, RuleVerdict<JudgedStage>>();
  for (const r of requirementsFor('device')) {
    if (config.only !== undefined && !config.only.includes(r.id)) continue;
    if (applicability(r, 'listen').run === 'none') continue;
    const judged = tls.outcomes.find((o) => o.rule === r.id);
    outcomes.set(
      r.id,
      judged === undefined
        ? { rule: r.id, runs: 0, durationMs: 0, verdict: 'not-run', reason }
        : tlsRuleVerdict(judged, tls.report.durationMs),
    );
  }
  return buildResult(
    deviceResultInputs({
      config,
      mode: 'listen',
      target: `listen-tls port ${tls.report.port} (${tls.report.serverName})`,
      model: {
        id: config.model?.model.model ?? UNKNOWN_MODEL_ID,
        sha256: config.model?.sha256 ?? '',
      },
      startedAt: since.startedAt,
      durationMs: since.durationMs,
      timing: resolveTiming(config),
      requests: 0,
      latenciesMs: [],
      outcomes,
      tls: tls.report,
    }),
  );
}

function notReachedReason(tls: TlsStageResult): string {
  const attempts = tls.report.attempts.length;
  if (attempts === 0)
    return `not reached: the device never connected to the TLS listener on port ${tls.report.port}${tls.report.stopped === undefined ? '' : ` (${tls.report.stopped})`}`;
  return `not reached: the device made ${attempts} TLS attempt(s) but never sent CONNECT over the good certificate, so no MQTT session reached the broker (see EDP-TLS-1)`;
}
