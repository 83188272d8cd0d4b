/** Reads threshold figures out of a load result (decoding its histograms once). */
import { counterValue } from '../measure/counters.js';
import { createHistogram, decodeHistogram, type Histogram, percentileMs } from '../measure/histogram.js';
import type { TimeWindow } from '../measure/recorder.js';
import type { MeasureSource } from '../thresholds/evaluate.js';
import type { MetricFamily } from '../thresholds/metrics.js';
import type { LoadResult } from './types.js';

type Figures = Pick<LoadResult, 'counters' | 'histograms' | 'windows'>;

export function measureSource(result: Figures): MeasureSource {
  const decoded = new Map<MetricFamily, Histogram>();
  const histogram = (family: MetricFamily): Histogram => {
    let found = decoded.get(family);
    if (!found) {
      const encoded = result.histograms[family];
      found = encoded === undefined ? createHistogram() : decodeHistogram(encoded);
      decoded.set(family, found);
    }
    return found;
  };
  return {
    counter: (family, name) => counterValue(result.counters, family, name),
    latencyMs(family, aggregation) {
      const h = histogram(family);
      if (h.totalCount === 0) return undefined;
      if (aggregation === 'min') return percentileMs(h, 0);
      if (aggregation === 'max') return h.maxValue / 1000;
      if (aggregation === 'avg') return h.mean / 1000;
      return percentileMs(h, aggregation.percentile);
    },
    ratePerS(family) {
      const counted =
        family === 'connect'
          ? result.histograms.connect.count
          : family === 'rpc'
            ? result.counters.rpc.answered
            : family === 'hub'
              ? (result.counters.hub?.answered ?? 0)
              : result.counters.notify.delivered;
      return rate(counted, result.windows[family]);
    },
  };
}

/** Events per second over a window; undefined for an empty or zero-length window. */
export function rate(count: number, window: TimeWindow | undefined): number | undefined {
  if (!window || count === 0) return undefined;
  const spanMs = window.endMs - window.startMs;
  return spanMs > 0 ? (count * 1000) / spanMs : undefined;
}
