/**
 * Worker threads of a hub load run (./fleet-thread.ts, ./broker-thread.ts): how one starts
 * (src/module-thread.ts) and how its pino lines reach the run's logger.
 */
import type { Worker } from 'node:worker_threads';
import pino from 'pino';
import { startModuleThread } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';

/** Starts `entry` (a path beside `base` without extension) as a worker thread with `workerData`. */
export function startTsThread(base: string, entry: string, workerData: unknown): Worker {
  return startModuleThread(base, entry, { workerData });
}

/** A logger in a thread whose every line goes to `post` (the parent relays it with relayLog). */
export function threadLogger(level: string, post: (line: string) => void): Logger {
  return pino({ level }, { write: post });
}

/** A pino line from the thread, written to the run's logger at its level. */
export function relayLog(logger: Logger, thread: string, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = record;
  const label = typeof level === 'number' ? pino.levels.labels[level] : undefined;
  if (label === undefined || !(label in logger)) return;
  (logger[label as pino.Level] as (obj: object, msg?: string) => void)(
    { thread, ...fields },
    typeof msg === 'string' ? msg : undefined,
  );
}
