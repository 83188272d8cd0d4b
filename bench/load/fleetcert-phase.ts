/**
 * fleetcert's side of `npm run bench:load`: a real `runLoad` (simulated devices, open-model
 * requests checked against each device's reply, sequence-numbered telemetry) at the offered
 * rates given, against the same Mosquitto.
 * Run in its own process: node --import tsx bench/load/fleetcert-phase.ts URL DEVICES SECONDS REQ_PER_S TELEMETRY_PER_DEVICE [metrics|watch]
 * With `metrics`, the run also serves its live metrics and a scraper reads them every second
 * (what `--metrics` costs, at a tighter interval than a Prometheus would use); with `watch`, the
 * run only keeps the live counts, unserved (what counting costs on the hot path alone).
 * Prints one JSON line with the figures of the steady part of the hold.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { counterValue } from '../../load/measure/counters.js';
import { decodeHistogram, mergeHistograms, summarize } from '../../load/measure/histogram.js';
import { LoadMetrics } from '../../load/metrics/index.js';
import { WHOLE_RUN } from '../../load/plan/devices.js';
import { runLoad } from '../../load/runner/run-load.js';
import { validateScenario } from '../../load/scenario/validate.js';
import { serveMetrics } from '../../src/metrics/index.js';
import { startCpuSampler } from './cpu-sampler.js';

const [
  url = '',
  devicesText = '5000',
  secondsText = '10',
  rateText = '5000',
  telemetryText = '1',
  metricsFlag = '',
] = process.argv.slice(2);
const devices = Number(devicesText);
const RAMP_PER_S = 2500;
/**
 * Requests go to a device once it has been up this long. The ramp is planned to take 2 s (a
 * busy machine takes twice that), so requests start once every device is connected: the bare
 * loop, too, connects everything before its load starts, so both phases measure the load and
 * not the connect storm.
 */
const SETTLE_MS = 5000;
/** Measured after the load has run this long (the bare loop warms up for a second, too). */
const WARM_UP_MS = 1000;

async function main(): Promise<void> {
  const bulbs = Math.round(devices * 0.5);
  const purifiers = Math.round(devices * 0.3);
  const validation = validateScenario({
    name: 'bench-load',
    broker: { url },
    idPrefix: 'bench-',
    fleet: [
      { type: 'bulb', count: bulbs },
      { type: 'purifier', count: purifiers },
      { type: 'tv', count: devices - bulbs - purifiers },
    ],
    stages: [
      { rampUp: `${RAMP_PER_S}/s` },
      { hold: `${(SETTLE_MS + WARM_UP_MS) / 1000 - devices / RAMP_PER_S + Number(secondsText)}s` },
    ],
    telemetry: { rate: `${telemetryText}/s` },
    requests: { rate: `${rateText}/s`, mix: { get: 6, set: 3, action: 1 }, controllers: 4 },
    settle: `${SETTLE_MS / 1000}s`,
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  const metrics =
    metricsFlag === 'metrics' || metricsFlag === 'watch'
      ? new LoadMetrics({ shard: WHOLE_RUN, scenario: validation.scenario, version: 'bench' })
      : undefined;
  const endpoint =
    metricsFlag === 'metrics' && metrics
      ? await serveMetrics(metrics.registry, { host: '127.0.0.1', port: 0 })
      : undefined;
  let scrapes = 0;
  const scraper = endpoint
    ? setInterval(() => {
        void fetch(endpoint.url)
          .then((response) => response.text())
          .then(
            () => scrapes++,
            () => {},
          );
      }, 1000)
    : undefined;
  // How long the generator's event loop was held up at worst (a slow scrape would show here).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpu = startCpuSampler();
  const elu0 = performance.eventLoopUtilization();
  const result = await runLoad(validation.scenario, {
    version: 'bench',
    ...(metrics ? { onLive: metrics.watch } : {}),
  });
  clearInterval(scraper);
  loopDelay.disable();
  // Share of the run the event loop was busy (not waiting for I/O): near 1 with CPU well under
  // one core means the process waited for a core, not for the network.
  const elu = performance.eventLoopUtilization(elu0).utilization;
  cpu.stop();
  await endpoint?.close();
  // The steady part: requests under way for a second, and every device connected (after the
  // first interval that ended with all of them up: on a busy machine the ramp runs late, and
  // its retained publishes must not count as load), up to the end of the hold.
  const allUp = result.series.find((p) => p.connected >= devices);
  const from = Math.max(SETTLE_MS, allUp ? allUp.startMs + result.intervalMs : 0) + WARM_UP_MS;
  const to = SETTLE_MS + WARM_UP_MS + Number(secondsText) * 1000;
  const steady = result.series.filter((p) => p.startMs >= from && p.startMs + result.intervalMs <= to);
  const seconds = (steady.length * result.intervalMs) / 1000;
  const sum = (pick: (p: (typeof steady)[number]) => number) =>
    steady.reduce((total, p) => total + pick(p), 0);
  const windowStart = Date.parse(result.startedAt) + from;
  const windowEnd = windowStart + seconds * 1000;
  const rpc = summarize(decodeHistogram(mergeHistograms(steady.map((p) => p.rpcLatency))));
  // The generator's own lag, over the whole run, as the result's note states it.
  const lateNote = result.notes
    .map((note) =>
      /sent (\d+) request\(s\) more than 100 ms after their intended time \(worst (\d+) ms\)/.exec(note),
    )
    .find((match) => match !== null);
  process.stdout.write(
    `${JSON.stringify({
      messagesPerS:
        (sum((p) => p.rpcSent) + sum((p) => p.rpcAnswered) + sum((p) => p.notifyPublished)) / seconds,
      checkedRoundTripsPerS: sum((p) => p.rpcAnswered) / seconds,
      telemetryPerS: sum((p) => p.notifyPublished) / seconds,
      connected: result.counters.connect.count,
      sent: result.counters.rpc.sent,
      lateSends: Number(lateNote?.[1] ?? 0),
      maxLagMs: Number(lateNote?.[2] ?? 0),
      windowStart,
      windowEnd,
      cpuMsPerS: cpu.between(windowStart, windowEnd),
      p50Ms: rpc?.p50Ms,
      p99Ms: rpc?.p99Ms,
      errors:
        counterValue(result.counters, 'rpc', 'errors') + counterValue(result.counters, 'notify', 'errors'),
      notes: result.notes,
      scrapes,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      eventLoopUtilization: elu,
    })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fleetcert phase failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
