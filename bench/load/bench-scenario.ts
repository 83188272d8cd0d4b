/**
 * The scenario both of bench:load's fleetcert phases run (the library phase and the CLI
 * phase), and how a phase reads its steady-window figures from the result: one definition,
 * so the two paths are measured alike.
 */
import { counterValue } from '../../load/measure/counters.js';
import { decodeHistogram, mergeHistograms, summarize } from '../../load/measure/histogram.js';
import type { LoadResult } from '../../load/result/types.js';

export const RAMP_PER_S = 2500;
/**
 * Requests go to a device once it has been up this long. The ramp is planned to take 2 s (a
 * busy machine takes twice that), so requests start once every device is connected: the bare
 * loop, too, connects everything before its load starts, so both phases measure the load and
 * not the connect storm.
 */
export const SETTLE_MS = 5000;
/** Measured after the load has run this long (the bare loop warms up for a second, too). */
export const WARM_UP_MS = 1000;

export interface BenchScenarioOptions {
  readonly url: string;
  readonly devices: number;
  readonly seconds: number;
  readonly requestsPerS: number;
  readonly telemetryPerDevicePerS: number;
}

/** The scenario document (what a user would write in a file). */
export function benchScenario(o: BenchScenarioOptions): Record<string, unknown> {
  const bulbs = Math.round(o.devices * 0.5);
  const purifiers = Math.round(o.devices * 0.3);
  return {
    name: 'bench-load',
    broker: { url: o.url },
    idPrefix: 'bench-',
    fleet: [
      { type: 'bulb', count: bulbs },
      { type: 'purifier', count: purifiers },
      { type: 'tv', count: o.devices - bulbs - purifiers },
    ],
    stages: [
      { rampUp: `${RAMP_PER_S}/s` },
      { hold: `${(SETTLE_MS + WARM_UP_MS) / 1000 - o.devices / RAMP_PER_S + o.seconds}s` },
    ],
    telemetry: { rate: `${o.telemetryPerDevicePerS}/s` },
    requests: { rate: `${o.requestsPerS}/s`, mix: { get: 6, set: 3, action: 1 }, controllers: 4 },
    settle: `${SETTLE_MS / 1000}s`,
  };
}

/** The figures of the steady part of the hold, as bench/load.ts reads them. */
export function steadyFigures(result: LoadResult, devices: number, seconds: number) {
  // The steady part: requests under way for a second, and every device connected (after the
  // first interval that ended with all of them up: on a busy machine the ramp runs late, and
  // its retained publishes must not count as load), up to the end of the hold.
  const allUp = result.series.find((p) => p.connected >= devices);
  const from = Math.max(SETTLE_MS, allUp ? allUp.startMs + result.intervalMs : 0) + WARM_UP_MS;
  const to = SETTLE_MS + WARM_UP_MS + seconds * 1000;
  const steady = result.series.filter((p) => p.startMs >= from && p.startMs + result.intervalMs <= to);
  const steadySeconds = (steady.length * result.intervalMs) / 1000;
  const sum = (pick: (p: (typeof steady)[number]) => number) =>
    steady.reduce((total, p) => total + pick(p), 0);
  const windowStart = Date.parse(result.startedAt) + from;
  const windowEnd = windowStart + steadySeconds * 1000;
  const rpc = summarize(decodeHistogram(mergeHistograms(steady.map((p) => p.rpcLatency))));
  // The generator's own lag, over the whole run, as the result's note states it.
  const lateNote = result.notes
    .map((note) =>
      /sent (\d+) request\(s\) more than 100 ms after their intended time \(worst (\d+) ms\)/.exec(note),
    )
    .find((match) => match !== null);
  return {
    messagesPerS:
      (sum((p) => p.rpcSent) + sum((p) => p.rpcAnswered) + sum((p) => p.notifyPublished)) / steadySeconds,
    checkedRoundTripsPerS: sum((p) => p.rpcAnswered) / steadySeconds,
    telemetryPerS: sum((p) => p.notifyPublished) / steadySeconds,
    connected: result.counters.connect.count,
    sent: result.counters.rpc.sent,
    lateSends: Number(lateNote?.[1] ?? 0),
    maxLagMs: Number(lateNote?.[2] ?? 0),
    windowStart,
    windowEnd,
    p50Ms: rpc?.p50Ms,
    p99Ms: rpc?.p99Ms,
    errors:
      counterValue(result.counters, 'rpc', 'errors') + counterValue(result.counters, 'notify', 'errors'),
    notes: result.notes,
  };
}
