/**
 * Applies parsed thresholds to measured figures: one verdict per threshold with the measured
 * value, so a failing CI run says which threshold failed and by how much.
 */
import { formatDuration, formatRate } from '../scenario/quantities.js';
import { COUNTERS, type MetricFamily } from './metrics.js';
import type { Aggregation, Bound, Operator, Threshold } from './parse.js';

/** Where measured figures come from (a load result, a live recorder…). */
export interface MeasureSource {
  counter(family: MetricFamily, name: string): number;
  /** Latency in milliseconds; undefined when nothing was measured. */
  latencyMs(
    family: MetricFamily,
    aggregation: 'min' | 'max' | 'avg' | { readonly percentile: number },
  ): number | undefined;
  /** Undefined when the rate has no time window (nothing happened). */
  ratePerS(family: MetricFamily): number | undefined;
}

export interface ThresholdVerdict {
  readonly threshold: string;
  readonly holds: boolean;
  /** The measured value in the bound's unit (ms, count, share 0..1, per second); null when nothing was measured. */
  readonly measured: number | null;
  /** The measured value as a person reads it: `312ms`, `0.42% (21 of 5000)`, `no samples`. */
  readonly measuredText: string;
}

export function evaluateThresholds(
  thresholds: readonly Threshold[],
  source: MeasureSource,
): ThresholdVerdict[] {
  return thresholds.map((threshold) => evaluateThreshold(threshold, source));
}

export function evaluateThreshold(threshold: Threshold, source: MeasureSource): ThresholdVerdict {
  const measured = measure(threshold.family, threshold.aggregation, threshold.bound, source);
  if (measured === undefined) {
    // A threshold over nothing proves nothing: it fails, and says why.
    return {
      threshold: threshold.source,
      holds: false,
      measured: null,
      measuredText: 'no samples: nothing was measured',
    };
  }
  return {
    threshold: threshold.source,
    holds: compare(measured.value, threshold.operator, boundValue(threshold.bound)),
    measured: measured.value,
    measuredText: measured.text,
  };
}

function measure(
  family: MetricFamily,
  aggregation: Aggregation,
  bound: Bound,
  source: MeasureSource,
): { value: number; text: string } | undefined {
  switch (aggregation.kind) {
    case 'percentile':
    case 'min':
    case 'max':
    case 'avg': {
      const ms = source.latencyMs(family, aggregation.kind === 'percentile' ? aggregation : aggregation.kind);
      return ms === undefined ? undefined : { value: ms, text: formatLatencyText(ms) };
    }
    case 'rate': {
      const rate = source.ratePerS(family);
      return rate === undefined ? undefined : { value: rate, text: formatRate(rate) };
    }
    case 'counter': {
      const count = source.counter(family, aggregation.counter);
      if (bound.kind !== 'share') return { value: count, text: String(count) };
      const baseName = COUNTERS[family][aggregation.counter]?.base ?? aggregation.counter;
      const base = source.counter(family, baseName);
      if (base === 0) return undefined;
      const share = count / base;
      return { value: share, text: `${round(share * 100)}% (${count} of ${base} ${family}.${baseName})` };
    }
  }
}

function boundValue(bound: Bound): number {
  switch (bound.kind) {
    case 'duration':
      return bound.ms;
    case 'count':
      return bound.count;
    case 'share':
      return bound.share;
    case 'rate':
      return bound.perS;
  }
}

export function compare(measured: number, operator: Operator, bound: number): boolean {
  switch (operator) {
    case '<':
      return measured < bound;
    case '<=':
      return measured <= bound;
    case '>':
      return measured > bound;
    case '>=':
      return measured >= bound;
    case '==':
      return measured === bound;
    case '!=':
      return measured !== bound;
  }
}

function round(value: number): number {
  return Number(value.toFixed(3));
}

/** `0.85ms`, `16.1ms`, `312ms`, `12.4s`: enough digits to compare with a bound, no more. */
export function formatLatencyText(ms: number): string {
  if (ms >= 10_000) return formatDuration(Number((ms / 1000).toFixed(1)) * 1000);
  if (ms >= 100) return `${Math.round(ms)}ms`;
  if (ms >= 10) return `${ms.toFixed(1)}ms`;
  return `${ms.toFixed(2)}ms`;
}
