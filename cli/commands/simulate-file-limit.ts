/**
 * Every fleet device holds one open file (its MQTT connection, or a WebSocket device's server
 * socket), and each process may open only `ulimit -n` of them. A fleet slice over that limit
 * would not fail at once: its last devices would retry EMFILE for ever. So `simulate --fleet`
 * refuses such a run up front (exit 2) and names the fix: more `--workers`, or a higher limit.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../src/index.js';

/** Files a fleet process needs besides its devices (stdio, IPC, the event loop, a metrics port…). */
export const FILES_BESIDES_DEVICES = 200;

/** The soft open-files limit of this process (Linux /proc/self/limits); undefined where unknown or unlimited. */
export function openFilesLimit(limitsText?: string): number | undefined {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return undefined;
    }
  }
  const match = /^Max open files\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Throws a UsageError when the biggest worker's slice would not fit under `limit` open files. */
export function checkDevicesPerProcess(devices: number, workers: number, limit: number | undefined): void {
  if (limit === undefined) return;
  const perProcess = Math.ceil(devices / Math.max(1, workers));
  if (perProcess + FILES_BESIDES_DEVICES <= limit) return;
  const needed = Math.ceil(devices / (limit - FILES_BESIDES_DEVICES));
  const n = (x: number) => x.toLocaleString('en-US');
  throw new UsageError(
    `--fleet of ${n(devices)} devices over ${workers} process${workers === 1 ? '' : 'es'} puts ${n(perProcess)} connections in one process, but a process may open only ${n(limit)} files here (ulimit -n); give --workers ${needed} or more, or raise the limit (ulimit -n).`,
  );
}
