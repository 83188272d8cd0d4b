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
import { LoadMetrics } from '../../load/metrics/index.js';
import { WHOLE_RUN } from '../../load/plan/devices.js';
import { runLoad } from '../../load/runner/run-load.js';
import { validateScenario } from '../../load/scenario/validate.js';
import { serveMetrics } from '../../src/metrics/index.js';
import { benchScenario, steadyFigures } from './bench-scenario.js';
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

async function main(): Promise<void> {
  const validation = validateScenario(
    benchScenario({
      url,
      devices,
      seconds: Number(secondsText),
      requestsPerS: Number(rateText),
      telemetryPerDevicePerS: Number(telemetryText),
    }),
  );
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
  const figures = steadyFigures(result, devices, Number(secondsText));
  process.stdout.write(
    `${JSON.stringify({
      ...figures,
      cpuMsPerS: cpu.between(figures.windowStart, figures.windowEnd),
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
