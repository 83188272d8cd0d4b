/** Live figures of a run, once per interval: what the TTY line and the progress log lines show. */
import { counterValue, type LoadCounters } from '../measure/counters.js';
import { percentileMs } from '../measure/histogram.js';
import type { LoadRecorder } from '../measure/recorder.js';

export interface LoadProgress {
  readonly elapsedMs: number;
  readonly plannedMs: number;
  readonly connected: number;
  readonly devices: number;
  /** Requests sent and answered per second over the last interval. */
  readonly sentPerS: number;
  readonly answeredPerS: number;
  /** Round-trip percentiles of the last complete interval (by intended send time); undefined if none. */
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  /**
   * Errors so far, from counters that only ever grow, so the live figure never goes back:
   * rpc errors (lost at their deadline, duplicated, wrong, misdelivered) + duplicated,
   * reordered and leaked notifications + failed connects. Notification losses are not in it:
   * published-minus-delivered counts updates still in flight and would swing up and down (the
   * old 0, 10, 0); the result counts them once the run has drained.
   */
  readonly errors: number;
}

export function progressOf(
  recorder: LoadRecorder,
  previous: LoadCounters,
  elapsedMs: number,
  intervalMs: number,
  connected: number,
  devices: number,
  plannedMs: number,
): LoadProgress {
  const counters = recorder.counters;
  const seconds = intervalMs / 1000;
  const last = recorder.intervalAt(Math.max(0, elapsedMs - 2 * intervalMs)).rpcLatency;
  return {
    elapsedMs,
    plannedMs,
    connected,
    devices,
    sentPerS: (counters.rpc.sent - previous.rpc.sent) / seconds,
    answeredPerS: (counters.rpc.answered - previous.rpc.answered) / seconds,
    p50Ms: last && last.totalCount > 0 ? percentileMs(last, 50) : undefined,
    p99Ms: last && last.totalCount > 0 ? percentileMs(last, 99) : undefined,
    errors: monotonicErrors(counters),
  };
}

/** The errors of `counters` that are final once counted (see LoadProgress.errors). */
export function monotonicErrors(counters: LoadCounters): number {
  const notify = counters.notify;
  return (
    counterValue(counters, 'rpc', 'errors') +
    notify.duplicated +
    notify.reordered +
    (notify.leaked ?? 0) +
    counters.connect.failed
  );
}

/** One line for a TTY: `12s/30s  connected 200/200  req/s 198 sent 198 ok  p50 2.1ms p99 9.8ms  errors 0`. */
export function formatProgressLine(p: LoadProgress): string {
  const ms = (v: number | undefined) =>
    v === undefined ? '—' : v < 10 ? `${v.toFixed(1)}ms` : `${Math.round(v)}ms`;
  return [
    `${Math.round(p.elapsedMs / 1000)}s/${Math.round(p.plannedMs / 1000)}s`,
    `connected ${p.connected}/${p.devices}`,
    `req/s ${Math.round(p.sentPerS)} sent ${Math.round(p.answeredPerS)} ok`,
    `p50 ${ms(p.p50Ms)} p99 ${ms(p.p99Ms)}`,
    `errors ${p.errors}`,
  ].join('  ');
}
