/**
 * `fleetcert load` (issue 6): scenarios, an open-model load runner with checked answers and
 * sequence-numbered telemetry, HdrHistogram measurement, k6-style thresholds, shards that
 * merge exactly, and Kubernetes manifests for running the shards as an Indexed Job.
 */
export {
  isNamespace,
  type K8sOptions,
  k8sManifests,
  k8sManifestsYaml,
  resourceName,
} from './k8s/manifests.js';
export { HubLoadMetrics, type LoadLive, LoadMetrics, type LoadMetricsOptions } from './metrics/index.js';
export { parseShard, type ShardSpec, WHOLE_RUN } from './plan/devices.js';
export { buildLoadResult, withVerdicts } from './result/build.js';
export {
  LOAD_RESULT_FILE,
  parseLoadResult,
  parseLoadResults,
  readLoadResult,
  readLoadResults,
  SHARD_RESULT_BEGIN,
  SHARD_RESULT_END,
  writeLoadResult,
} from './result/io.js';
export { MergeError, type MergeOptions, mergeLoadResults } from './result/merge.js';
export { formatLoadSummary } from './result/summary-text.js';
export { LOAD_RESULT_SCHEMA, type LoadResult } from './result/types.js';
export type { CreatePool, DevicePool, PoolDeviceSpec, PoolHooks, PoolOptions } from './runner/pool.js';
export { formatProgressLine, type LoadProgress } from './runner/progress.js';
export { type RunLoadOptions, runLoad } from './runner/run-load.js';
export {
  loadScenarioFile,
  parseScenarioText,
  resolveScenario,
  ScenarioError,
  scenarioTooLarge,
} from './scenario/load.js';
export type { ScenarioOverrides } from './scenario/overrides.js';
export type { Scenario } from './scenario/types.js';
export { type ScenarioValidation, validateScenario } from './scenario/validate.js';
export { evaluateThresholds, type ThresholdVerdict } from './thresholds/evaluate.js';
export { parseThreshold, parseThresholds, type Threshold } from './thresholds/parse.js';
