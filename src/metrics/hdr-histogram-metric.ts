/**
 * A Prometheus histogram read from an HdrHistogram that the run already records, at scrape
 * time: the hot path records each latency once (into the HdrHistogram the result keeps), and a
 * scrape walks its counts into cumulative `le` buckets. prom-client renders it like its own
 * histograms; its Histogram class would need a second `observe` per sample, and each observe
 * allocates its label key.
 *
 * Bucket edges are exact to the HdrHistogram's 3 significant digits: a value within 0.1 % above
 * an edge may be counted at that edge. `_count` is exact; `_sum` is the count times the mean of
 * the histogram (to the same precision).
 */
import { type Histogram, JsHistogram } from 'hdr-histogram-js';
import { type Metric, type Registry, validateMetricName } from 'prom-client';

/** Seconds: suited to round trips on loopback (1 ms) up to a deadline-bound stall (30 s). */
export const LATENCY_BUCKETS_S: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

export interface HdrHistogramMetricConfig {
  readonly name: string;
  readonly help: string;
  /** Upper bounds in seconds, ascending (default LATENCY_BUCKETS_S). */
  readonly buckets?: readonly number[];
  /** The histogram to read (values in microseconds); undefined: nothing recorded yet. */
  readonly source: () => Histogram | undefined;
}

const MICROS_PER_SECOND = 1_000_000;

/** Registers a histogram metric named `config.name` (`_bucket`, `_sum`, `_count`) on `registry`. */
export function registerHdrHistogram(registry: Registry, config: HdrHistogramMetricConfig): void {
  if (!validateMetricName(config.name)) throw new RangeError(`invalid metric name ${config.name}`);
  const buckets = config.buckets ?? LATENCY_BUCKETS_S;
  const metric = {
    name: config.name,
    help: config.help,
    type: 'histogram',
    aggregator: 'sum',
    get: async () => ({
      name: config.name,
      help: config.help,
      type: 'histogram',
      aggregator: 'sum',
      values: histogramValues(config.name, buckets, config.source()),
    }),
  };
  // The registry renders any metric object with get(); its types list only its own classes.
  registry.registerMetric(metric as unknown as Metric);
}

/** Cumulative counts of values (microseconds) at or below each bound (seconds), then the total. */
export function cumulativeCounts(histogram: Histogram | undefined, bounds: readonly number[]): number[] {
  const counts: number[] = [];
  if (!histogram || histogram.totalCount === 0) return bounds.map(() => 0);
  if (!(histogram instanceof JsHistogram))
    throw new TypeError(
      'latency histograms are the pure JavaScript HdrHistogram (load/measure/histogram.ts)',
    );
  let index = 0;
  let total = 0;
  for (const bound of bounds) {
    // Every value stored at or below the index holding `bound` has its lowest equivalent <= bound.
    const last = Math.min(
      histogram.countsArrayIndex(Math.floor(bound * MICROS_PER_SECOND)),
      histogram.countsArrayLength - 1,
    );
    while (index <= last) total += histogram.getCountAtIndex(index++);
    counts.push(total);
  }
  return counts;
}

function histogramValues(name: string, bounds: readonly number[], histogram: Histogram | undefined) {
  const counts = cumulativeCounts(histogram, bounds);
  const count = histogram?.totalCount ?? 0;
  const values: { metricName: string; labels: Record<string, string>; value: number }[] = bounds.map(
    (bound, i) => ({ metricName: `${name}_bucket`, labels: { le: String(bound) }, value: counts[i] ?? 0 }),
  );
  values.push(
    { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: count },
    {
      metricName: `${name}_sum`,
      labels: {},
      value: count === 0 || !histogram ? 0 : (histogram.mean * count) / MICROS_PER_SECOND,
    },
    { metricName: `${name}_count`, labels: {}, value: count },
  );
  return values;
}
