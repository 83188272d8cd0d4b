/**
 * `load-result.json`: what one run or one shard measured, and the contract between the load
 * runner, `fleetcert load merge` and the HTML load report. Histograms are stored losslessly
 * (HdrHistogram compressed base64), so merging shard results is exact.
 */
import type { LoadCounters } from '../measure/counters.js';
import type { RecordedRun } from '../measure/recorder.js';
import type { IntervalPoint } from '../measure/series.js';
import type { Scenario } from '../scenario/types.js';
import type { ThresholdVerdict } from '../thresholds/evaluate.js';

export const LOAD_RESULT_SCHEMA = 'fleetcert.load-result/1';

/** One kind of checking failure, with a few examples a person can read. */
export interface ErrorSample {
  readonly kind:
    | 'lost'
    | 'late'
    | 'duplicated'
    | 'wrong'
    | 'misdelivered'
    | 'unavailable'
    | 'notify-unknown'
    | 'connect-failed'
    | 'disconnect'
    | 'wrong-app'
    | 'forwarded-twice'
    | 'leaked'
    | 'hub-error';
  readonly atMs: number;
  readonly deviceId?: string;
  readonly detail: string;
}

export interface LoadResult {
  readonly schema: typeof LOAD_RESULT_SCHEMA;
  readonly tool: { readonly name: 'fleetcert'; readonly version: string };
  /** The scenario as run, tokens redacted. */
  readonly scenario: Scenario;
  /** sha256 of the canonical JSON of the redacted scenario: shards of one run share it. */
  readonly scenarioSha256: string;
  readonly seed: number;
  readonly shards: { readonly count: number; readonly included: readonly number[] };
  /** Wall-clock start of the earliest included shard. */
  readonly startedAt: string;
  /** Planned run length (stages and drain). */
  readonly durationMs: number;
  readonly intervalMs: number;
  /** Devices in the included shards, and how many publish telemetry. */
  readonly devices: { readonly planned: number; readonly withTelemetry: number };
  /** Hub scenarios: the app connections (absent in broker results). */
  readonly apps?: HubAppFigures;
  readonly counters: LoadCounters;
  readonly histograms: RecordedRun['histograms'];
  readonly windows: RecordedRun['windows'];
  readonly series: readonly IntervalPoint[];
  /** Counts of error kinds with up to a few examples each. */
  readonly errors: readonly ErrorSample[];
  readonly notes: readonly string[];
  readonly thresholds: readonly ThresholdVerdict[];
  readonly verdict: 'passed' | 'failed';
}

/**
 * The app connections of a hub run. `connections` is the scenario's (every shard opens each
 * one, carrying the commands to its own devices); `sockets` the ones this run (or, merged,
 * every shard) opened; `sentByConnection[c]` the commands sent on connection c.
 */
export interface HubAppFigures {
  readonly connections: number;
  readonly sockets: number;
  readonly sentByConnection: readonly number[];
}

/** Examples kept per error kind (the counters hold the totals). */
export const ERROR_SAMPLES_PER_KIND = 5;
