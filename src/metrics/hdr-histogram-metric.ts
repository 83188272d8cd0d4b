/**
 * A Prometheus histogram read from an HdrHistogram that the run already records, at scrape
 * time: the hot path records each latency once (into the HdrHistogram the result keeps), and a
 * scrape walks its counts into cumulative `le` buckets. prom-client renders it like its own
 * histograms; its Histogram class would need a second `observe` per sample, and each observe
 * allocates its label key.
 *
 * Bucket edges are exact to the HdrHistogram's 3 significant digits: a value within 0.1 % above
 * an edge may be counted at that edge. `_count` is exact; `_sum` adds each count at the middle of
 * its value range (to the same precision).
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

/** What a scrape reads from a histogram: cumulative counts at each bound, the total, the sum (seconds). */
export interface HistogramReading {
  readonly cumulative: readonly number[];
  readonly count: number;
  readonly sumSeconds: number;
}

/**
 * One pass over the counts array (the library's own `mean` walks an iterator and takes tens of
 * milliseconds on a long run's histogram, long enough to delay the run's sends).
 */
export function readHistogram(histogram: Histogram | undefined, bounds: readonly number[]): HistogramReading {
  const cumulative = bounds.map(() => 0);
  if (!histogram || histogram.totalCount === 0) return { cumulative, count: 0, sumSeconds: 0 };
  if (!(histogram instanceof JsHistogram))
    throw new TypeError(
      'latency histograms are the pure JavaScript HdrHistogram (load/measure/histogram.ts)',
    );
  // Every value stored at or below the index holding a bound has its lowest equivalent <= bound.
  const edges = bounds.map((bound) => histogram.countsArrayIndex(Math.floor(bound * MICROS_PER_SECOND)));
  let next = 0;
  let total = 0;
  let sum = 0;
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    while (next < edges.length && (edges[next] as number) < index) cumulative[next++] = total;
    const count = histogram.getCountAtIndex(index);
    if (count === 0) continue;
    total += count;
    sum += count * histogram.medianEquivalentValue(histogram.valueFromIndex(index));
  }
  while (next < edges.length) cumulative[next++] = total;
  return { cumulative, count: total, sumSeconds: sum / MICROS_PER_SECOND };
}

/** Cumulative counts of values (microseconds) at or below each bound (seconds). */
export function cumulativeCounts(histogram: Histogram | undefined, bounds: readonly number[]): number[] {
  return [...readHistogram(histogram, bounds).cumulative];
}

function histogramValues(name: string, bounds: readonly number[], histogram: Histogram | undefined) {
  const { cumulative, count, sumSeconds } = readHistogram(histogram, bounds);
  const values: { metricName: string; labels: Record<string, string>; value: number }[] = bounds.map(
    (bound, i) => ({
      metricName: `${name}_bucket`,
      labels: { le: String(bound) },
      value: cumulative[i] ?? 0,
    }),
  );
  values.push(
    { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: count },
    { metricName: `${name}_sum`, labels: {}, value: sumSeconds },
    { metricName: `${name}_count`, labels: {}, value: count },
  );
  return values;
}
