/**
 * The device thread of a load run (./worker-pool.ts): the simulated pool (./simulated-pool.ts,
 * the simulators' engine on the public MQTT binding) on its own event loop, so the devices'
 * MQTT, engine and JSON work runs beside the generator's schedule, not inside it. Every hook
 * becomes a message to the runner, batched per turn of this thread's loop.
 */
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { silentLogger } from '../../src/log/index.js';
import { exposedGc } from './idle-collect.js';
import type { PoolHooks } from './pool.js';
import type { FromDevices, PoolWorkerData, ToDevices } from './pool-worker-protocol.js';
import { createSimulatedPool } from './simulated-pool.js';

const port = parentPort;
if (!port) throw new Error('pool-worker-main.ts runs only as a worker thread (load/runner/worker-pool.ts)');
const data = workerData as PoolWorkerData;

/**
 * Hooks are posted in batches, at most a millisecond old. Not per turn of the loop
 * (setImmediate): with thousands of sockets ready, libuv polls again and again before it gets
 * there (up to 48 rounds of 1,024 events), and a batch measured 400 ms old on average, by then
 * the controllers had the answers whose replies it carried. So each hook checks the clock
 * after the callback that made it; what is left goes at the end of the turn.
 */
const MAX_BATCH_AGE_MS = 1;
let outbox: FromDevices[] = [];
let oldestMs = 0;
let checking = false;
let flushAtEndOfTurn = false;

function flush(): void {
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  port?.postMessage(batch);
}

function post(message: FromDevices): void {
  if (outbox.length === 0) oldestMs = performance.now();
  outbox.push(message);
  if (!checking) {
    checking = true;
    queueMicrotask(() => {
      checking = false;
      if (performance.now() - oldestMs >= MAX_BATCH_AGE_MS) flush();
    });
  }
  if (!flushAtEndOfTurn) {
    flushAtEndOfTurn = true;
    setImmediate(() => {
      flushAtEndOfTurn = false;
      flush();
    });
  }
}

const hooks: PoolHooks = {
  up: (slot) => post(['up', slot]),
  down: (slot) => post(['down', slot]),
  error: (slot, error) => post(['error', slot, error.message]),
  replied: (slot, id, text) => post(['replied', slot, id, text]),
  published: (slot, intendedMs) => post(['published', slot, intendedMs]),
};

const pool = createSimulatedPool(data.specs, {
  broker: data.broker,
  ...(data.tls ? { tls: data.tls } : {}),
  mqtt: data.mqtt,
  seed: data.seed,
  hooks,
  logger: silentLogger(),
});

port.on('message', (batch: readonly ToDevices[]) => {
  for (const op of batch) {
    switch (op[0]) {
      case 'connect':
        pool.connect(op[1]);
        break;
      case 'publish':
        pool.publishByItself(op[1], op[2], op[3], op[4], op[5]);
        break;
      case 'disconnect': {
        const ticket = op[2];
        void pool.disconnect(op[1]).finally(() => post(['done', ticket]));
        break;
      }
      case 'collect':
        // The settle-time collection (./idle-collect.ts), in this thread's heap: connecting the
        // fleet left it full of connect garbage, and its first major GC must not fall in the load.
        exposedGc()?.();
        // From here the load runs: the connect storm's delays are not the load's.
        delay.reset();
        gc.pauses = 0;
        gc.longestMs = 0;
        gc.totalMs = 0;
        break;
      case 'stop': {
        const ticket = op[1];
        delay.disable();
        gcObserver.disconnect();
        post(['lag', delay.max / 1e6, delay.percentile(99) / 1e6, { ...gc }]);
        void pool.stop().finally(() => post(['done', ticket]));
        break;
      }
    }
  }
});

// The devices' own lateness: the runner notes it, as it notes the generator's (load/runner/run-load.ts).
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
// ...and how much of it was this thread's garbage collector: a stall the length of a pause is
// the collector's, one with no pause near it is the thread starved of CPU.
const gc = { pauses: 0, longestMs: 0, totalMs: 0 };
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.pauses += 1;
    gc.totalMs += entry.duration;
    gc.longestMs = Math.max(gc.longestMs, entry.duration);
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

// The runner starts its clock only after this: loading the engine in a fresh thread takes a while.
post(['ready']);
