/**
 * A worker thread running a module that sits beside the caller: compiled (dist/…) it runs the
 * `.js` file; from sources (vitest, `node --import tsx`) it registers tsx in the thread first,
 * since a worker does not inherit the parent's loader.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Starts `entry` (a path relative to `base`, without extension) as a worker thread. */
export function startModuleThread(base: string, entry: string, options: WorkerOptions = {}): Worker {
  if (base.endsWith('.js')) return new Worker(new URL(`${entry}.js`, base), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const url = new URL(`${entry}.ts`, base).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url)}); });`,
    { ...options, eval: true },
  );
}
