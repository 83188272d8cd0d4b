/**
 * `runLoad(scenario, options)`: one run (or one shard of it) against a cloud's broker, start
 * to result. The plan is computed up front from the seed; the shard's devices connect and
 * disconnect when the plan says, its controllers send the shard's slice of the request
 * schedule, every answer and notification is checked, and the figures come back as a
 * `LoadResult` with the scenario's thresholds applied.
 */
import { performance } from 'node:perf_hooks';
import { tokenFor } from '../../simulators/fleet/index.js';
import type { Logger } from '../../src/log/index.js';
import { silentLogger } from '../../src/log/index.js';
import { runTasks, type Task } from '../../src/tasks/index.js';
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
import type { CreatePool, DevicePool, PoolLag } from './pool.js';
import type { LoadProgress } from './progress.js';
import { RequestChecker } from './request-checker.js';
import { SampleCollector } from './samples.js';
import { connectEvents } from './schedules.js';
import { type PreparedLoad, prepareLoad } from './setup.js';
import { trafficLoop } from './traffic-loop.js';
import { createWorkerPool } from './worker-pool.js';

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

/** Past the plan's end, how long connecting, subscribing and stopping may take before the run is cut (a hang, not a slow start). */
const RUN_MARGIN_MS = 10 * 60_000;

/** What the run's tasks hand on to each other and to the result. */
interface LoadRunState {
  controllers?: LoadControllers;
  pool?: DevicePool;
  startedAt: Date;
  stoppedEarlyMs?: number;
}

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
    requests: new RequestChecker(
      recorder,
      scenario.deadlineMs,
      samples.add,
      tally,
      scenario.mqtt.qos.requests === 1 || scenario.mqtt.qos.replies === 1,
    ),
    notifications: new NotificationChecker(
      telemetryDevices.length,
      periodMs,
      recorder,
      samples.add,
      scenario.mqtt.qos.telemetry === 1,
    ),
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
  // The run as named tasks (src/tasks/task-runner.ts): teardowns in reverse (devices offline, then
  // controllers closed), also after a failure; a stop (SIGINT) lets the traffic settle into a result.
  const run: LoadRunState = { startedAt: new Date() };
  const tasks: Task<LoadRunState>[] = [
    {
      name: 'connect controllers',
      setup: async (state) => {
        state.controllers = await LoadControllers.connect({
          broker: scenario.broker.url,
          ...(tls ? { tls: { ...tls, ...certificates?.controllers } } : {}),
          mqtt: scenario.mqtt,
          token: scenario.tokens.controller,
          names: controllerNames,
          hooks,
          logger,
        });
      },
      teardown: async (state) => state.controllers?.close(),
    },
    {
      name: 'subscribe controllers',
      setup: async (state) => {
        const controllers = state.controllers as LoadControllers;
        await Promise.all(
          controllerNames.map((_, c) =>
            controllers.subscribe(
              c,
              slots.filter((s) => s.controller === c).map((s) => s.id),
            ),
          ),
        );
      },
    },
    {
      name: 'devices',
      setup: async (state) => {
        state.pool = (options.createPool ?? createWorkerPool)(
          mine.map((device) => ({
            id: device.id,
            type: device.type,
            model: prepared.models[device.entry] as PreparedLoad['models'][number],
            token: tokenFor(prepared.tokens, device),
          })),
          {
            broker: scenario.broker.url,
            ...(tls ? { tls: { ...tls, ...certificates?.devices } } : {}),
            mqtt: scenario.mqtt,
            seed: scenario.seed,
            hooks,
            logger,
          },
        );
        await state.pool.ready?.();
        driver.pool = state.pool;
        driver.controllers = state.controllers as LoadControllers;
      },
      teardown: async (state) => state.pool?.stop(),
    },
    {
      name: 'traffic',
      // A stop ends the loop at its next step; the figures of what ran are kept.
      settleMs: 5_000,
      setup: async (state, signal) => {
        t0 = performance.now();
        state.startedAt = (options.wallClock ?? (() => new Date()))();
        state.stoppedEarlyMs = await trafficLoop(
          driver,
          now,
          timeline.endMs,
          scenario.intervalMs,
          recorder,
          slots.length,
          options.onProgress,
          signal,
          new IdleCollector(scenario.settleMs, slots.length, settleCollection(exposedGc(), state.pool)),
        );
        driver.finish();
      },
    },
  ];
  const outcome = await runTasks(tasks, run, {
    deadlineMs: timeline.endMs + RUN_MARGIN_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    logger,
  });
  if (outcome.status === 'failed' || outcome.status === 'timedout') throw outcome.error;
  for (const failed of outcome.teardownErrors)
    logger.warn({ task: failed.task, err: String(failed.error) }, 'load teardown failed');
  const controllerDisconnects = run.controllers?.disconnects ?? 0;
  const startedAt = run.startedAt;
  // Interrupted before the traffic began: nothing ran, and the result says so.
  const stoppedEarlyMs =
    outcome.status === 'interrupted' && run.stoppedEarlyMs === undefined ? 0 : run.stoppedEarlyMs;

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
  const deviceLag = run.pool?.lag?.();
  if (deviceLag && deviceLag.worstMs > LATE_DEVICES_MS) notes.push(deviceLagNote(deviceLag));
  if (controllerDisconnects > 0)
    notes.push(`Controller connections were lost ${controllerDisconnects} time(s) during the run.`);
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

/** The devices' event loop held up longer than this is noted, as a request sent this late is. */
const LATE_DEVICES_MS = 100;

/**
 * Why the device thread fell behind, from its own garbage-collection record: a worst stall no
 * longer than twice its longest GC pause was the collector's; otherwise the thread was starved.
 */
export function deviceLagNote(lag: PoolLag): string {
  const late = `its event loop ran up to ${Math.round(lag.worstMs)} ms late (p99 ${Math.round(lag.p99Ms)} ms)`;
  const shards = 'Use more shards or fewer devices per shard.';
  const consequence =
    'answers and telemetry may include delays of that order: the cloud can only look slower for it, never faster.';
  if (lag.gc === undefined)
    return `The simulated devices' thread was short of CPU: ${late}, so ${consequence} ${shards}`;
  const { pauses, longestMs, totalMs } = lag.gc;
  const record = `${pauses} pause(s), ${Math.round(totalMs)} ms in all`;
  if (longestMs * 2 >= lag.worstMs)
    return `The simulated devices' thread was held up by its own garbage collector: ${late}, and a collection paused it for ${Math.round(longestMs)} ms (${record}). So ${consequence} ${shards}`;
  return `The simulated devices' thread was short of CPU: ${late}, of which garbage collection explains at most ${Math.round(longestMs)} ms (${record}); the rest was the thread waiting for a core. So ${consequence} ${shards}`;
}

/** The settle-time collection of this thread's heap and of the devices' own (a pool in a worker thread). */
function settleCollection(
  gc: (() => void) | undefined,
  pool: DevicePool | undefined,
): (() => void) | undefined {
  if (!gc) return undefined;
  return () => {
    pool?.collect?.();
    gc();
  };
}
