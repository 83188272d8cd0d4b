/** Live metrics of a load run: the run's live view and its Prometheus registry. */
export { countingHooks, type LoadLive, type TrafficCounts, zeroTraffic } from './live.js';
export { LoadMetrics, type LoadMetricsOptions } from './load-metrics.js';
