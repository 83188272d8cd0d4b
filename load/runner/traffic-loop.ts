/**
 * The traffic loop of a load run: ticks the driver every millisecond (at once when behind),
 * collects garbage once in the settle (./idle-collect.ts), reports progress once per interval,
 * and ends at the plan's end or when the run is stopped.
 */
import type { LoadRecorder } from '../measure/recorder.js';
import type { IdleCollector } from './idle-collect.js';
import type { LoadDriver } from './load-driver.js';
import { type LoadProgress, progressOf } from './progress.js';

const TICK_MS = 1;

/** Runs the driver until the plan's end (or an abort); returns the abort time, if any. */
export function trafficLoop(
  driver: LoadDriver,
  now: () => number,
  endMs: number,
  intervalMs: number,
  recorder: LoadRecorder,
  devices: number,
  onProgress: ((progress: LoadProgress) => void) | undefined,
  signal: AbortSignal,
  collector: IdleCollector,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    let nextProgress = intervalMs;
    let previous = structuredClone(recorder.counters);
    const step = () => {
      const t = now();
      const aborted = signal.aborted;
      const behind = driver.tick(Math.min(t, endMs));
      collector.maybeCollect(t, driver.connectedCount);
      if (t >= nextProgress) {
        onProgress?.(progressOf(recorder, previous, t, intervalMs, driver.connectedCount, devices, endMs));
        previous = structuredClone(recorder.counters);
        nextProgress += intervalMs;
        recorder.closeIntervalsBefore(t - 4 * intervalMs - 20_000);
      }
      if (t >= endMs || aborted) {
        resolve(aborted && t < endMs ? t : undefined);
        return;
      }
      // Behind schedule: come back right after pending I/O; otherwise wait for the next millisecond.
      if (behind) setImmediate(step);
      else setTimeout(step, TICK_MS);
    };
    step();
  });
}
