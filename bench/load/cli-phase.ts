/**
 * fleetcert's side of `npm run bench:load` through the CLI, as users run it: the same scenario
 * as ./fleetcert-phase.ts written to a file, then `node bin/fleetcert.js load FILE` in a child
 * process with no extra node flags (no --expose-gc: the CLI finds its settle GC by itself,
 * load/runner/idle-collect.ts). CPU is the child's, read from /proc while it runs.
 * Run: node --import tsx bench/load/cli-phase.ts URL DEVICES SECONDS REQ_PER_S TELEMETRY_PER_DEVICE
 * Prints one JSON line with the figures of the steady part of the hold.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { LoadResult } from '../../load/result/types.js';
import { benchScenario, steadyFigures } from './bench-scenario.js';

const [url = '', devicesText = '5000', secondsText = '10', rateText = '5000', telemetryText = '1'] =
  process.argv.slice(2);
const devices = Number(devicesText);
const BIN = fileURLToPath(new URL('../../bin/fleetcert.js', import.meta.url));
const TICKS_PER_S = 100;

/** The child's CPU (user + system) in ms, from /proc/PID/stat; undefined once it is gone. */
function childCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-bench-cli-'));
  const file = join(dir, 'scenario.yaml');
  await writeFile(
    file,
    stringify(
      benchScenario({
        url,
        devices,
        seconds: Number(secondsText),
        requestsPerS: Number(rateText),
        telemetryPerDevicePerS: Number(telemetryText),
      }),
    ),
  );
  const child = spawn(process.execPath, [BIN, 'load', file, '--out', dir, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FLEETCERT_FROM_SOURCES: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const samples: { atMs: number; cpuMs: number }[] = [];
  const sampler = setInterval(() => {
    const cpuMs = child.pid === undefined ? undefined : childCpuMs(child.pid);
    if (cpuMs !== undefined) samples.push({ atMs: Date.now(), cpuMs });
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  // Exit 1 is a failed threshold (the bench scenario has none); anything else is a failed run.
  if (code !== 0 && code !== 1) throw new Error(`fleetcert load exited ${code}:\n${output}`);
  const result = JSON.parse(await readFile(join(dir, 'load-result.json'), 'utf8')) as LoadResult;
  await rm(dir, { recursive: true, force: true });
  const figures = steadyFigures(result, devices, Number(secondsText));
  const inside = samples.filter((s) => s.atMs >= figures.windowStart && s.atMs <= figures.windowEnd);
  const first = inside[0];
  const last = inside[inside.length - 1];
  const cpuMsPerS =
    first && last && last.atMs > first.atMs
      ? ((last.cpuMs - first.cpuMs) * 1000) / (last.atMs - first.atMs)
      : Number.NaN;
  process.stdout.write(`${JSON.stringify({ ...figures, cpuMsPerS })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `fleetcert CLI phase failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
