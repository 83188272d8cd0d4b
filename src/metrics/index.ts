/** Live metrics of a run in Prometheus text format: where to listen, the endpoint, histograms read from HdrHistograms. */
export {
  cumulativeCounts,
  type HistogramReading,
  LATENCY_BUCKETS_S,
  readHistogram,
  registerHdrHistogram,
} from './hdr-histogram-metric.js';
export {
  DEFAULT_METRICS_HOST,
  type ListenAddress,
  metricsUrl,
  type ParsedListenAddress,
  parseListenAddress,
} from './listen-address.js';
export { MetricsListenError, type MetricsServer, serveMetrics } from './metrics-server.js';
export { countersFrom, gaugeFrom, type ReadMetricConfig, type Sample, single } from './read-metrics.js';
