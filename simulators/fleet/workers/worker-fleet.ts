/**
 * A fleet spread over worker processes (`--workers N`, node:child_process fork with tsx):
 * each process has its own file limit and event loop; the parent only adds up their counts
 * and stops them together.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { FleetError } from '../fleet-error.js';
import type { FleetCounts, FleetHandle, FleetSummary, PortableFleetOptions } from '../types.js';
import type { FromWorker, ToWorker, WorkerLogSettings } from './protocol.js';
import { splitFleet } from './split.js';

// Compiled (dist/…/worker-fleet.js) the worker is plain JavaScript; from sources it runs through tsx.
const COMPILED = import.meta.url.endsWith('.js');
const WORKER_ENTRY = new URL(COMPILED ? './worker-main.js' : './worker-main.ts', import.meta.url);
const ZERO: FleetCounts = {
  target: 0,
  connected: 0,
  connecting: 0,
  everConnected: 0,
  disconnects: 0,
  reconnects: 0,
  errors: 0,
  framesServed: 0,
  telemetrySteps: 0,
  telemetryNotifications: 0,
};

interface Worker {
  readonly child: ChildProcess;
  readonly target: number;
  counts: FleetCounts;
  allConnectedMs: number | undefined;
  summary: FleetSummary | undefined;
  readonly exited: Promise<number | null>;
}

export interface WorkerFleetOptions {
  readonly workers: number;
  /** How the workers log: level, format and file as the command resolved them (default: JSON at info on stderr). */
  readonly log?: WorkerLogSettings;
}

/** A fleet over worker processes: the parent sees counts, and hears refusals through `workerEvents`. */
export interface WorkerFleetHandle extends FleetHandle {
  readonly workerEvents: EventEmitter<WorkerFleetEvents>;
}

export async function startWorkerFleet(
  options: PortableFleetOptions,
  settings: WorkerFleetOptions,
): Promise<WorkerFleetHandle> {
  return new WorkerFleet(splitFleet(options, settings.workers), settings.log ?? { level: 'info' });
}

/** What the parent hears from its workers beyond counts. */
export interface WorkerFleetEvents {
  /** A worker's device had its client certificate refused by the broker (mutual TLS). */
  'certificate-refused': [deviceId: string, why: string, error: Error];
}

class WorkerFleet implements WorkerFleetHandle {
  readonly target: number;
  readonly workerEvents = new EventEmitter<WorkerFleetEvents>();
  readonly #workers: Worker[];
  readonly #startedAt = performance.now();
  #failure: FleetError | undefined;
  #stopping: Promise<FleetSummary> | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(slices: readonly PortableFleetOptions[], log: WorkerLogSettings) {
    this.#workers = slices.map((slice, index) => this.#spawn(slice, index, log));
    this.target = this.#workers.reduce((sum, w) => sum + w.target, 0);
  }

  counts(): FleetCounts {
    const total = { ...ZERO, target: this.target };
    for (const worker of this.#workers) {
      for (const key of Object.keys(ZERO) as (keyof FleetCounts)[]) {
        if (key !== 'target') total[key] += worker.counts[key];
      }
    }
    return total;
  }

  ready(timeoutMs?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#failure) return finish(() => reject(this.#failure));
        if (this.#workers.every((w) => w.allConnectedMs !== undefined)) return finish(resolve);
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              const c = this.counts();
              finish(() =>
                reject(
                  new FleetError(
                    `fleet not ready after ${timeoutMs} ms: ${c.everConnected}/${this.target} devices connected, ${c.errors} errors.`,
                  ),
                ),
              );
            }, timeoutMs);
      const finish = (settle: () => void) => {
        this.#waiters.delete(check);
        if (timer) clearTimeout(timer);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
  }

  stop(): Promise<FleetSummary> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<FleetSummary> {
    for (const worker of this.#workers) send(worker.child, { type: 'stop' });
    await Promise.all(this.#workers.map((w) => w.exited));
    const counts = this.counts();
    const summaries = this.#workers.map((w) => w.summary);
    const allConnected = this.#workers.every((w) => w.allConnectedMs !== undefined)
      ? Math.max(...this.#workers.map((w) => w.allConnectedMs!))
      : undefined;
    const runMs = performance.now() - this.#startedAt;
    const span = allConnected ?? runMs;
    return {
      ...counts,
      allConnectedMs: allConnected,
      connectRate: span > 0 ? (counts.everConnected * 1000) / span : 0,
      runMs,
      stoppedGracefully: summaries.reduce((sum, s) => sum + (s?.stoppedGracefully ?? 0), 0),
    };
  }

  #spawn(slice: PortableFleetOptions, index: number, log: WorkerLogSettings): Worker {
    const child = fork(WORKER_ENTRY, [], {
      execArgv: COMPILED ? [] : ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = {
      child,
      target: slice.groups.reduce((sum, g) => sum + g.count, 0),
      counts: ZERO,
      allConnectedMs: undefined,
      summary: undefined,
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    child.on('message', (message: FromWorker) => {
      if (message.type === 'listening') {
        send(child, { type: 'start', options: slice, worker: index, log });
      } else if (message.type === 'counts') {
        worker.counts = message.counts;
        worker.allConnectedMs = message.allConnectedMs;
      } else if (message.type === 'certificate-refused') {
        this.workerEvents.emit(
          'certificate-refused',
          message.deviceId,
          message.why,
          new Error(message.message),
        );
      } else if (message.type === 'stopped') {
        worker.summary = message.summary;
        worker.counts = message.summary;
      } else {
        this.#failure ??= new FleetError(`worker ${index}: ${message.message}`);
      }
      for (const wake of [...this.#waiters]) wake();
    });
    void worker.exited.then((code) => {
      if (code !== 0 && !this.#stopping)
        this.#failure ??= new FleetError(`worker ${index} exited with code ${code}`);
      for (const wake of [...this.#waiters]) wake();
    });
    return worker;
  }
}

function send(child: ChildProcess, message: ToWorker): void {
  if (child.connected) child.send(message);
}
