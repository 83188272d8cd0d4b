/**
 * Latency histograms: HdrHistogram (hdr-histogram-js, pure JS build; its WebAssembly build is
 * optional and not needed) in microseconds with 3 significant digits. Results carry them in the
 * library's compressed base64 encoding, which keeps every bucket count, so adding decoded shard
 * histograms gives exactly the histogram of the whole run.
 */
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

export type { Histogram } from 'hdr-histogram-js';

/** A histogram as stored in a load result. */
export interface EncodedHistogram {
  readonly unit: 'us';
  /** Total recorded values, readable without decoding. */
  readonly count: number;
  /** HdrHistogram V2 compressed encoding, base64; empty string for an empty histogram. */
  readonly encoded: string;
}

export interface LatencySummary {
  readonly count: number;
  readonly minMs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
}

/** One hour in microseconds: the largest value a histogram starts with; it grows past it if needed. */
const INITIAL_HIGHEST_US = 3_600_000_000;

export function createHistogram(): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: INITIAL_HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records a latency given in milliseconds (fractions kept to the microsecond; negatives from clock steps become 0). */
export function recordMs(histogram: Histogram, ms: number): void {
  histogram.recordValue(ms > 0 ? Math.round(ms * 1000) : 0);
}

export function encodeHistogram(histogram: Histogram): EncodedHistogram {
  const count = histogram.totalCount;
  return { unit: 'us', count, encoded: count === 0 ? '' : encodeIntoCompressedBase64(histogram) };
}

export function decodeHistogram(encoded: EncodedHistogram): Histogram {
  if (encoded.encoded === '') return createHistogram();
  const decoded = decodeFromCompressedBase64(encoded.encoded, 32, false);
  // Re-home the counts in a fresh auto-resizing histogram so later adds never overflow it.
  const histogram = createHistogram();
  histogram.add(decoded);
  return histogram;
}

/** Exact merge: every bucket count added. */
export function mergeHistograms(parts: readonly EncodedHistogram[]): EncodedHistogram {
  const total = createHistogram();
  for (const part of parts) if (part.count > 0) total.add(decodeHistogram(part));
  return encodeHistogram(total);
}

export function percentileMs(histogram: Histogram, percentile: number): number {
  return histogram.getValueAtPercentile(percentile) / 1000;
}

export function summarize(histogram: Histogram): LatencySummary | undefined {
  if (histogram.totalCount === 0) return undefined;
  return {
    count: histogram.totalCount,
    minMs: percentileMs(histogram, 0),
    meanMs: histogram.mean / 1000,
    p50Ms: percentileMs(histogram, 50),
    p90Ms: percentileMs(histogram, 90),
    p95Ms: percentileMs(histogram, 95),
    p99Ms: percentileMs(histogram, 99),
    p999Ms: percentileMs(histogram, 99.9),
    maxMs: histogram.maxValue / 1000,
  };
}

/**
 * The percentile distribution as the HdrHistogram plots it: points spaced evenly in
 * log10(1 / (1 − p)), from the minimum up to the tail the sample count supports.
 */
export function percentileCurve(
  histogram: Histogram,
  stepsPerDecade = 10,
): { percentile: number; ms: number }[] {
  const count = histogram.totalCount;
  if (count === 0) return [];
  const maxDecades = Math.min(6, Math.max(1, Math.log10(count)));
  const points: { percentile: number; ms: number }[] = [];
  for (let step = 0; step <= Math.ceil(maxDecades * stepsPerDecade); step++) {
    const decades = Math.min(step / stepsPerDecade, maxDecades);
    const percentile = 100 * (1 - 10 ** -decades);
    points.push({ percentile, ms: percentileMs(histogram, percentile) });
  }
  points.push({ percentile: 100, ms: histogram.maxValue / 1000 });
  return points;
}
