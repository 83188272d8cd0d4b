/**
 * The load run's devices in a thread of their own: the simulated pool (./simulated-pool.ts)
 * runs in a worker thread (./pool-worker-main.ts) and this pool only passes the runner's calls
 * there and the devices' hooks back, batched. Why: with 5,000 devices the devices' MQTT, engine
 * and JSON work is more than half of a run's CPU; on the generator's one event loop it delayed
 * the schedule by seconds (bench:load: 88 % of requests late). On their own loop the generator
 * keeps time while the devices use the second core. The thread is part of this process, so
 * the process's CPU figures still count the devices.
 *
 * What changes for the checks: a device's reply reaches the runner by message, which may come
 * after the controller's copy from the broker; the request checker holds such an answer until
 * the device's word arrives (./request-checker.ts), so nothing is judged on less evidence.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../src/index.js';
import type { CreatePool, DevicePool, PoolDeviceSpec, PoolHooks, PoolLag, PoolOptions } from './pool.js';
import type { FromDevices, PoolWorkerData, ToDevices } from './pool-worker-protocol.js';

/**
 * The device thread's young generation: 64 MiB semi-spaces, as bench:load gives the generator
 * (`--max-semi-space-size=64`). Each reply leaves parsed frames, engine results and MQTT packets
 * behind; with V8's default 16 MiB the thread spent about a sixth of its time scavenging.
 */
const YOUNG_GENERATION_MB = 3 * 64;

function startDeviceThread(data: PoolWorkerData): Worker {
  return startModuleThread(import.meta.url, './pool-worker-main', {
    workerData: data,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
}

class WorkerPool implements DevicePool {
  readonly #worker: Worker;
  readonly #hooks: PoolHooks;
  readonly #slots: number;
  readonly #waiting = new Map<number, () => void>();
  #nextTicket = 1;
  #outbox: ToDevices[] = [];
  #flushing = false;
  #failed: Error | undefined;
  readonly #ready: Promise<void>;
  #lag: PoolLag | undefined;
  #markReady: () => void = () => {};

  constructor(specs: readonly PoolDeviceSpec[], options: PoolOptions) {
    this.#hooks = options.hooks;
    this.#ready = new Promise((resolve) => {
      this.#markReady = resolve;
    });
    this.#slots = specs.length;
    this.#worker = startDeviceThread({
      specs,
      broker: options.broker,
      ...(options.tls ? { tls: options.tls } : {}),
      mqtt: options.mqtt,
      seed: options.seed,
    });
    this.#worker.on('message', (batch: readonly FromDevices[]) => this.#receive(batch));
    this.#worker.on('error', (error) => {
      options.logger.error({ err: error }, 'the device thread failed');
      this.#fail(error);
    });
    this.#worker.on('exit', (code) => {
      if (this.#waiting.size > 0 || this.#failed === undefined)
        this.#fail(this.#failed ?? new Error(`the device thread exited (code ${code})`));
    });
  }

  /** The thread has loaded the engine and built every device; rejects if it failed first. */
  ready(): Promise<void> {
    return this.#ready.then(() => {
      if (this.#failed) throw this.#failed;
    });
  }

  connect(slot: number): void {
    this.#send(['connect', slot]);
  }

  disconnect(slot: number): Promise<void> {
    return this.#awaited((ticket) => ['disconnect', slot, ticket]);
  }

  publishByItself(
    slot: number,
    siid: number,
    piid: number,
    value: boolean | number | string,
    intendedMs: number,
  ): void {
    this.#send(['publish', slot, siid, piid, value, intendedMs]);
  }

  lag(): PoolLag | undefined {
    return this.#lag;
  }

  collect(): void {
    this.#send(['collect']);
  }

  async stop(): Promise<void> {
    await this.#awaited((ticket) => ['stop', ticket]);
    this.#failed ??= new Error('stopped');
    await this.#worker.terminate();
  }

  #awaited(op: (ticket: number) => ToDevices): Promise<void> {
    if (this.#failed) return Promise.resolve();
    const ticket = this.#nextTicket++;
    return new Promise((resolve) => {
      this.#waiting.set(ticket, resolve);
      this.#send(op(ticket));
    });
  }

  #send(op: ToDevices): void {
    if (this.#failed) return;
    this.#outbox.push(op);
    if (this.#flushing) return;
    this.#flushing = true;
    // One message per turn of the runner's loop: a tick's telemetry goes over together.
    queueMicrotask(() => {
      this.#flushing = false;
      const batch = this.#outbox;
      this.#outbox = [];
      this.#worker.postMessage(batch);
    });
  }

  #receive(batch: readonly FromDevices[]): void {
    const hooks = this.#hooks;
    for (const event of batch) {
      switch (event[0]) {
        case 'ready':
          this.#markReady();
          break;
        case 'up':
          hooks.up(event[1]);
          break;
        case 'down':
          hooks.down(event[1]);
          break;
        case 'error':
          hooks.error(event[1], new Error(event[2]));
          break;
        case 'replied':
          hooks.replied(event[1], event[2], event[3]);
          break;
        case 'published':
          hooks.published(event[1], event[2]);
          break;
        case 'lag':
          this.#lag = { worstMs: event[1], p99Ms: event[2], ...(event[3] ? { gc: event[3] } : {}) };
          break;
        case 'done': {
          const resolve = this.#waiting.get(event[1]);
          this.#waiting.delete(event[1]);
          resolve?.();
          break;
        }
      }
    }
  }

  /** The thread is gone: every device is down with the reason, and nothing waits for it. */
  #fail(error: Error): void {
    if (this.#failed) return;
    this.#failed = error;
    for (let slot = 0; slot < this.#slots; slot++) {
      this.#hooks.error(slot, error);
      this.#hooks.down(slot);
    }
    for (const resolve of this.#waiting.values()) resolve();
    this.#waiting.clear();
    this.#markReady();
  }
}

/** The default pool of a load run: the simulated devices in one worker thread. */
export const createWorkerPool: CreatePool = (devices, options) => new WorkerPool(devices, options);
