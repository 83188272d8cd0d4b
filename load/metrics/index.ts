/** Live metrics of a load run: the run's live view and its Prometheus registry (broker runs and hub runs). */
export { HubLoadMetrics } from './hub-metrics.js';
export { countingHooks, type LoadLive, type TrafficCounts, zeroTraffic } from './live.js';
export { LoadMetrics, type LoadMetricsOptions } from './load-metrics.js';
