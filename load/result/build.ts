/** Builds a `LoadResult` from what a recorder holds, with the threshold verdicts applied. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/index.js';
import type { RecordedRun } from '../measure/recorder.js';
import type { ShardSpec } from '../plan/devices.js';
import type { Scenario } from '../scenario/types.js';
import { evaluateThresholds } from '../thresholds/evaluate.js';
import { parseThresholds } from '../thresholds/parse.js';
import { measureSource } from './measures.js';
import { ERROR_SAMPLES_PER_KIND, type ErrorSample, LOAD_RESULT_SCHEMA, type LoadResult } from './types.js';

const REDACTED = '[redacted]';

export interface BuildInput {
  readonly version: string;
  readonly scenario: Scenario;
  readonly shard: ShardSpec;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly devices: LoadResult['devices'];
  readonly apps?: LoadResult['apps'];
  readonly recorded: RecordedRun;
  readonly errors: readonly ErrorSample[];
  readonly notes: readonly string[];
}

export function buildLoadResult(input: BuildInput): LoadResult {
  const scenario = redactScenario(input.scenario);
  return withVerdicts({
    schema: LOAD_RESULT_SCHEMA,
    tool: { name: 'fleetcert', version: input.version },
    scenario,
    scenarioSha256: scenarioSha256(scenario),
    seed: scenario.seed,
    shards: { count: input.shard.count, included: [input.shard.index] },
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    intervalMs: scenario.intervalMs,
    devices: input.devices,
    ...(input.apps ? { apps: input.apps } : {}),
    counters: input.recorded.counters,
    histograms: input.recorded.histograms,
    windows: input.recorded.windows,
    series: input.recorded.series,
    errors: capSamples(input.errors),
    notes: input.notes,
  });
}

/** Applies the scenario's thresholds to the figures (used after a run and after a merge). */
export function withVerdicts(result: Omit<LoadResult, 'thresholds' | 'verdict'>): LoadResult {
  const { thresholds } = parseThresholds(result.scenario.thresholds);
  const verdicts = evaluateThresholds(thresholds, measureSource(result));
  return { ...result, thresholds: verdicts, verdict: verdicts.every((v) => v.holds) ? 'passed' : 'failed' };
}

/** Tokens never reach a result file (they are shared with the cloud under test). */
export function redactScenario(scenario: Scenario): Scenario {
  const devices = scenario.tokens.devices;
  const hub = scenario.hub;
  const labels = new Map<string, string>();
  const label = (token: string) => {
    if (!labels.has(token)) labels.set(token, `${REDACTED} app ${labels.size + 1}`);
    return labels.get(token) as string;
  };
  return {
    ...scenario,
    // App tokens are the hub's bearer secrets: the result keeps which groups share one, not the token.
    ...(hub ? { hub: { ...hub, apps: hub.apps.map((app) => ({ ...app, token: label(app.token) })) } } : {}),
    tokens: {
      controller: REDACTED,
      devices:
        devices.kind === 'file'
          ? devices
          : devices.kind === 'template'
            ? { kind: 'template', template: REDACTED }
            : { kind: 'fixed', token: REDACTED },
    },
  };
}

export function scenarioSha256(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

/** Keeps the first few examples of each kind, in time order. */
export function capSamples(samples: readonly ErrorSample[]): ErrorSample[] {
  const perKind = new Map<string, number>();
  const kept: ErrorSample[] = [];
  for (const sample of [...samples].sort((a, b) => a.atMs - b.atMs)) {
    const seen = perKind.get(sample.kind) ?? 0;
    if (seen >= ERROR_SAMPLES_PER_KIND) continue;
    perKind.set(sample.kind, seen + 1);
    kept.push(sample);
  }
  return kept;
}
