/**
 * `runLoad(scenario, options)`: one run (or one shard of it) against a cloud's broker, start
 * to result. The plan is computed up front from the seed; the shard's devices connect and
 * disconnect when the plan says, its controllers send the shard's slice of the request
 * schedule, every answer and notification is checked, and the figures come back as a
 * `LoadResult` with the scenario's thresholds applied.
 */
import { performance } from 'node:perf_hooks';
import { tokenFor } from '../../simulators/fleet/tokens.js';
import type { Logger } from '../../src/log/logger.js';
import { silentLogger } from '../../src/log/logger.js';
import { counterValue } from '../measure/counters.js';
import { LoadRecorder } from '../measure/recorder.js';
import { RequestTally } from '../measure/request-tally.js';
import { countingHooks, type LoadLive, zeroTraffic } from '../metrics/live.js';
import { controllerOf, planDevices, type ShardSpec, shardOf, WHOLE_RUN } from '../plan/devices.js';
import { createRequestIdMap } from '../plan/request-ids.js';
import { modelTraffic, type ScheduleOptions } from '../plan/requests.js';
import { telemetryPhaseMs, telemetryProperty } from '../plan/telemetry.js';
import { planTimeline } from '../plan/timeline.js';
import { buildLoadResult } from '../result/build.js';
import type { LoadResult } from '../result/types.js';
import { fleetSize, type Scenario } from '../scenario/types.js';
import { LoadControllers } from './controllers.js';
import { exposedGc, IdleCollector } from './idle-collect.js';
import { type DriverSlot, LoadDriver } from './load-driver.js';
import { NotificationChecker, type TelemetryDevice } from './notification-checker.js';
import type { CreatePool } from './pool.js';
import { type LoadProgress, progressOf } from './progress.js';
import { RequestChecker } from './request-checker.js';
import { SampleCollector } from './samples.js';
import { connectEvents } from './schedules.js';
import { type PreparedLoad, prepareLoad } from './setup.js';
import { createSimulatedPool } from './simulated-pool.js';

export interface RunLoadOptions {
  readonly shard?: ShardSpec;
  /** fleetcert's version, written into the result. */
  readonly version: string;
  readonly logger?: Logger;
  /** Called once per interval with live figures (TTY line or log line at the CLI). */
  readonly onProgress?: (progress: LoadProgress) => void;
  /** Stops the run early (SIGINT); the result covers what ran and says so. */
  readonly signal?: AbortSignal;
  /** Models, tokens and CA already read (default: read them from the scenario's paths). */
  readonly prepared?: PreparedLoad;
  /** The simulated devices (default: the simulators' engine on the MQTT device binding). */
  readonly createPool?: CreatePool;
  /** Wall clock for `startedAt` (default `new Date()`); the run itself uses a monotonic clock. */
  readonly wallClock?: () => Date;
  /** Called once, before anything connects, with a live view of the run's counts (the metrics endpoint). */
  readonly onLive?: (live: LoadLive) => void;
}

const TICK_MS = 1;

export async function runLoad(scenario: Scenario, options: RunLoadOptions): Promise<LoadResult> {
  const shard = options.shard ?? WHOLE_RUN;
  const logger = (options.logger ?? silentLogger()).child({
    component: 'load',
    shard: `${shard.index}/${shard.count}`,
  });
  const prepared = options.prepared ?? (await prepareLoad(scenario));
  const timeline = planTimeline(scenario.stages, fleetSize(scenario), scenario.deadlineMs);
  const all = planDevices(scenario.fleet, scenario.idPrefix, scenario.seed);
  const mine = all.filter((device) => shardOf(device.position, shard.count) === shard.index);
  const traffic = prepared.models.map((model) => modelTraffic(model, telemetryProperty(model)));
  const properties = prepared.models.map((model) => telemetryProperty(model));
  const periodMs = scenario.telemetryPerDevicePerS > 0 ? 1000 / scenario.telemetryPerDevicePerS : 0;

  const telemetryDevices: TelemetryDevice[] = [];
  const slots: DriverSlot[] = mine.map((device) => {
    const property = periodMs > 0 ? properties[device.entry] : undefined;
    const telemetry = property
      ? {
          slot: telemetryDevices.length,
          deviceId: device.id,
          property,
          phaseMs: telemetryPhaseMs(scenario.seed, device.position, periodMs),
        }
      : undefined;
    if (telemetry) telemetryDevices.push(telemetry);
    return {
      position: device.position,
      id: device.id,
      controller: controllerOf(device.position, shard.count, scenario.requests.controllers),
      traffic: traffic[device.entry] as (typeof traffic)[number],
      telemetry,
    };
  });

  const recorder = new LoadRecorder(scenario.intervalMs);
  const samples = new SampleCollector();
  // Only a watched run counts by method and counts raw messages (cheap, but not free).
  const tally = options.onLive ? new RequestTally() : undefined;
  const messages = zeroTraffic();
  // Time 0 of the plan is when the loop starts, after the controllers are connected and subscribed.
  let t0 = performance.now();
  const now = () => performance.now() - t0;
  const schedule: ScheduleOptions = {
    seed: scenario.seed,
    ratePerS: scenario.requests.ratePerS,
    mix: scenario.requests.mix,
    timeline,
    settleMs: scenario.settleMs,
    deadlineMs: scenario.deadlineMs,
  };
  const driver = new LoadDriver({
    shard,
    slots,
    schedule,
    ids: createRequestIdMap(scenario.seed),
    connectEvents: connectEvents(
      timeline,
      mine.map((d) => d.position),
    ),
    telemetryDevices,
    telemetryPeriodMs: periodMs,
    recorder,
    requests: new RequestChecker(recorder, scenario.deadlineMs, samples.add, tally),
    notifications: new NotificationChecker(telemetryDevices.length, periodMs, recorder, samples.add),
    sample: samples.add,
    now,
    tally,
  });
  const hooks = options.onLive ? countingHooks(driver, messages) : driver;
  if (options.onLive && tally)
    options.onLive({
      devices: slots.length,
      counters: recorder.counters,
      latency: { connect: recorder.connectLatency, rpc: recorder.rpcLatency, notify: recorder.notifyLatency },
      requests: tally,
      traffic: messages,
      errors: samples.counts(),
      driver,
    });

  const secure = scenario.broker.scheme === 'mqtts' || scenario.broker.scheme === 'wss';
  const tls = secure
    ? {
        ...(prepared.ca ? { ca: prepared.ca } : {}),
        rejectUnauthorized: scenario.broker.rejectUnauthorized,
      }
    : undefined;
  const certificates = prepared.clientCertificates;
  const controllerNames = [...Array(scenario.requests.controllers).keys()].map(
    (c) => `load-${shard.index}-${c}`,
  );
  logger.info(
    {
      broker: scenario.broker.url,
      devices: slots.length,
      controllers: controllerNames.length,
      durationMs: Math.round(timeline.endMs),
    },
    'load run starting',
  );
  const controllers = await LoadControllers.connect({
    broker: scenario.broker.url,
    ...(tls ? { tls: { ...tls, ...certificates?.controllers } } : {}),
    token: scenario.tokens.controller,
    names: controllerNames,
    hooks,
    logger,
  });
  let startedAt = new Date();
  let stoppedEarlyMs: number | undefined;
  try {
    await Promise.all(
      controllerNames.map((_, c) =>
        controllers.subscribe(
          c,
          slots.filter((s) => s.controller === c).map((s) => s.id),
        ),
      ),
    );
    const pool = (options.createPool ?? createSimulatedPool)(
      mine.map((device) => ({
        id: device.id,
        type: device.type,
        model: prepared.models[device.entry] as PreparedLoad['models'][number],
        token: tokenFor(prepared.tokens, device),
      })),
      {
        broker: scenario.broker.url,
        ...(tls ? { tls: { ...tls, ...certificates?.devices } } : {}),
        seed: scenario.seed,
        hooks,
        logger,
      },
    );
    driver.pool = pool;
    driver.controllers = controllers;
    t0 = performance.now();
    startedAt = (options.wallClock ?? (() => new Date()))();
    stoppedEarlyMs = await loop(
      driver,
      now,
      timeline.endMs,
      scenario.intervalMs,
      recorder,
      slots.length,
      options,
      new IdleCollector(scenario.settleMs, slots.length, exposedGc()),
    );
    driver.finish();
    await pool.stop();
  } finally {
    await controllers.close();
  }

  const notes: string[] = [];
  const withoutTelemetry = scenario.fleet.filter((_, i) => periodMs > 0 && !properties[i]).map((e) => e.type);
  if (withoutTelemetry.length > 0)
    notes.push(
      `No telemetry from ${withoutTelemetry.join(', ')}: the model has no volatile, notifying, read-only property with at least 16 values to carry sequence numbers.`,
    );
  if (driver.lateSends > 0)
    notes.push(
      `The load generator sent ${driver.lateSends} request(s) more than 100 ms after their intended time (worst ${Math.round(driver.maxLagMs)} ms): latencies include that delay, so the cloud can only look slower for it, never faster. Use more shards or fewer devices per shard.`,
    );
  if (controllers.disconnects > 0)
    notes.push(`Controller connections were lost ${controllers.disconnects} time(s) during the run.`);
  if (stoppedEarlyMs !== undefined)
    notes.push(
      `Stopped early at ${Math.round(stoppedEarlyMs / 1000)} s of ${Math.round(timeline.endMs / 1000)} s: figures cover the part that ran.`,
    );
  const result = buildLoadResult({
    version: options.version,
    scenario,
    shard,
    startedAt: startedAt.toISOString(),
    durationMs: timeline.endMs,
    devices: { planned: slots.length, withTelemetry: telemetryDevices.length },
    recorded: recorder.finish(timeline.endMs),
    errors: samples.samples,
    notes,
  });
  logger.info(
    {
      verdict: result.verdict,
      sent: result.counters.rpc.sent,
      answered: result.counters.rpc.answered,
      errors: counterValue(result.counters, 'rpc', 'errors'),
    },
    'load run finished',
  );
  return result;
}

/** Runs the driver until the plan's end (or an abort); returns the abort time, if any. */
function loop(
  driver: LoadDriver,
  now: () => number,
  endMs: number,
  intervalMs: number,
  recorder: LoadRecorder,
  devices: number,
  options: RunLoadOptions,
  collector: IdleCollector,
): Promise<number | undefined> {
  return new Promise((resolve) => {
    let nextProgress = intervalMs;
    let previous = structuredClone(recorder.counters);
    const step = () => {
      const t = now();
      const aborted = options.signal?.aborted === true;
      const behind = driver.tick(Math.min(t, endMs));
      collector.maybeCollect(t, driver.connectedCount);
      if (t >= nextProgress) {
        options.onProgress?.(
          progressOf(recorder, previous, t, intervalMs, driver.connectedCount, devices, endMs),
        );
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
