/**
 * `npm run bench:startup`: how long `fleetcert --help` takes to start and exit, the median of
 * --runs runs (default 10) after one warm-up run. Measures the compiled CLI (bin/fleetcert.js
 * with dist/, as an installed package runs it; build first: `npm run build`) and, for
 * comparison, the TypeScript sources run through tsx (how bin/ ran before the build step).
 * Goal: the compiled CLI under 0.5 s. Exit 1 when dist/ is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, { runs: { type: 'string', default: '10' } });
const runs = Math.max(1, Number(values.runs) || 10);
const root = fileURLToPath(new URL('..', import.meta.url));
const GOAL_MS = 500;

const variants: { name: string; env: Record<string, string> }[] = [
  { name: 'compiled (bin/fleetcert.js, dist/)', env: {} },
  // How bin/ ran before the build step (the tests still run it so).
  { name: 'sources through tsx', env: { FLEETCERT_FROM_SOURCES: '1' } },
];

if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  console.error('bench:startup: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

function timeOnce(env: Record<string, string>): number {
  const args = ['bin/fleetcert.js', '--help'];
  const started = process.hrtime.bigint();
  const { FLEETCERT_FROM_SOURCES: _inherited, ...base } = process.env;
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: { ...base, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

let compiledMedian = 0;
for (const variant of variants) {
  timeOnce(variant.env);
  const samples = Array.from({ length: runs }, () => timeOnce(variant.env));
  const m = median(samples);
  if (variant === variants[0]) compiledMedian = m;
  console.log(
    `fleetcert --help, ${variant.name}: median ${(m / 1000).toFixed(2)} s over ${runs} runs (min ${(Math.min(...samples) / 1000).toFixed(2)} s, max ${(Math.max(...samples) / 1000).toFixed(2)} s)`,
  );
}
console.log(`goal: compiled under ${GOAL_MS / 1000} s — ${compiledMedian < GOAL_MS ? 'met' : 'NOT met'}`);
