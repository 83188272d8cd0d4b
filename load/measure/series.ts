/**
 * The per-interval time series of a run. Interval i covers [i·width, (i+1)·width) ms from the
 * run's start; request and notification outcomes are filed under the interval of their
 * INTENDED send time, so an interval's latencies describe what was asked for then. Shards
 * merge exactly by adding the points that share an interval start.
 */
import { type EncodedHistogram, mergeHistograms } from './histogram.js';

export interface IntervalPoint {
  /** Milliseconds from the run's start. */
  readonly startMs: number;
  /** Devices connected at the end of the interval (summed over shards). */
  readonly connected: number;
  readonly connects: number;
  readonly disconnects: number;
  readonly rpcSent: number;
  readonly rpcAnswered: number;
  /** Lost, duplicated, wrong and misdelivered answers. */
  readonly rpcErrors: number;
  readonly notifyPublished: number;
  readonly notifyDelivered: number;
  /** Duplicated and reordered notifications (lost ones show as published − delivered). */
  readonly notifyErrors: number;
  readonly rpcLatency: EncodedHistogram;
  readonly notifyLatency: EncodedHistogram;
}

type CountKey = Exclude<keyof IntervalPoint, 'startMs' | 'rpcLatency' | 'notifyLatency'>;
export const INTERVAL_COUNT_KEYS: readonly CountKey[] = [
  'connected',
  'connects',
  'disconnects',
  'rpcSent',
  'rpcAnswered',
  'rpcErrors',
  'notifyPublished',
  'notifyDelivered',
  'notifyErrors',
];

/** Adds the points of several series that share an interval start; all series must use one width. */
export function mergeSeries(parts: readonly (readonly IntervalPoint[])[]): IntervalPoint[] {
  const byStart = new Map<number, IntervalPoint[]>();
  for (const series of parts) {
    for (const point of series) {
      const group = byStart.get(point.startMs);
      if (group) group.push(point);
      else byStart.set(point.startMs, [point]);
    }
  }
  return [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([startMs, points]) => {
      const merged: Record<string, unknown> = { startMs };
      for (const key of INTERVAL_COUNT_KEYS) merged[key] = points.reduce((sum, point) => sum + point[key], 0);
      merged.rpcLatency = mergeHistograms(points.map((point) => point.rpcLatency));
      merged.notifyLatency = mergeHistograms(points.map((point) => point.notifyLatency));
      return merged as unknown as IntervalPoint;
    });
}
