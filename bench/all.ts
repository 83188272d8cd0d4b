/**
 * `npm run bench`: every benchmark, one after the other (each needs the whole machine):
 * certification speed (devices, then a hub with its fleet), then the fleet's scale, the load
 * generator's throughput, the reference hub's forwarding.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchUsage } from './bench-args.js';

// Every other option passes through to each bench; --help is this one's own.
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${benchUsage(fileURLToPath(import.meta.url))}\n`);
  process.exit(0);
}

const BENCHMARKS = ['certify', 'certify-hub', 'fleet', 'load', 'hub'] as const;

let failed = 0;
for (const name of BENCHMARKS) {
  process.stdout.write(`\n=== bench:${name} ===\n`);
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    process.stdout.write(`bench:${name} exited ${run.status ?? run.signal}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
