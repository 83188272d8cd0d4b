/**
 * Beyond one process: `fleetcert simulate --fleet … --workers N` as a user runs it (the real CLI,
 * a child process), its devices shared round-robin by several Mosquitto processes, every process
 * (fleet worker or broker) held to the machine's file limit (20,000 here). Once the CLI says
 * every device is online, a controller on each broker checks that every device is there and
 * answers one get_properties itself (test/support/fleet-answers.ts); then SIGINT, and the CLI
 * must take every device offline gracefully and exit 0.
 */
import { spawn } from 'node:child_process';
import { fleetDeviceId, indexWidth } from '../../simulators/fleet/device-ids.js';
import { parseFleetSpec } from '../../simulators/fleet/fleet-spec.js';
import { checkFleetAnswers, type FleetAnswers } from '../../test/support/fleet-answers.js';
import {
  type BenchBroker,
  childPids,
  openFiles,
  processRss,
  RAISE_FILE_LIMIT,
  startBenchBroker,
} from './broker.js';

const BIN = new URL('../../bin/fleetcert.js', import.meta.url).pathname;

export interface WorkersRunOptions {
  readonly mix: string;
  readonly workers: number;
  readonly brokers: number;
  /** Listeners of each broker at 127.0.0.1 … 127.0.0.N (spreads the ephemeral ports). */
  readonly addresses: number;
  readonly maxConnecting: number;
  readonly log: (line: string) => void;
}

export interface ProcessFigures {
  readonly role: string;
  readonly pid: number;
  readonly rss: number;
  readonly files: number;
}

export interface WorkersRun {
  readonly devices: number;
  /** Spawn of the CLI to its "N devices online" line (worker start-up included). */
  readonly onlineMs: number;
  /** The CLI's own summary line: time and rate from the first connect. */
  readonly summary: string;
  readonly graceful: number;
  readonly exitCode: number | null;
  readonly answers: FleetAnswers;
  readonly processes: readonly ProcessFigures[];
}

export async function runWorkersFleet(options: WorkersRunOptions): Promise<WorkersRun> {
  const groups = parseFleetSpec(options.mix);
  const ids = groups.flatMap((g) =>
    Array.from({ length: g.count }, (_, i) => fleetDeviceId('', g.name, i + 1, indexWidth(g.count))),
  );
  const brokers: BenchBroker[] = [];
  try {
    for (let i = 0; i < options.brokers; i++) brokers.push(await startBenchBroker(options.addresses));
    // Interleaved (broker 1 address 1, broker 2 address 1, …): round-robin spreads brokers first.
    const urls = Array.from({ length: options.addresses }, (_, a) => brokers.map((b) => b.urls[a]!)).flat();
    const args = [
      BIN,
      'simulate',
      '--fleet',
      options.mix,
      '--broker',
      urls.join(','),
      '--workers',
      String(options.workers),
      '--max-connecting',
      String(options.maxConnecting),
      '--token',
      'token',
      '--log-level',
      'warn',
    ];
    const t0 = performance.now();
    const child = spawn('/bin/sh', ['-c', `${RAISE_FILE_LIMIT}; exec "$0" "$@"`, process.execPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const online = `${ids.length.toLocaleString('en-US')} devices online`;
    let progressAt = performance.now();
    while (!output.includes(online)) {
      if (child.exitCode !== null) throw new Error(`the fleet CLI exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - t0 > 600_000) {
        child.kill('SIGKILL');
        throw new Error(`the fleet was not online after 10 minutes:\n${output.slice(-2_000)}`);
      }
      if (performance.now() - progressAt > 15_000) {
        progressAt = performance.now();
        options.log(`  … ${((progressAt - t0) / 1000).toFixed(0)} s, not all online yet`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const onlineMs = performance.now() - t0;
    const processes: ProcessFigures[] = [];
    const figures = (role: string, pid: number) =>
      processes.push({ role, pid, rss: processRss(pid), files: openFiles(pid) });
    figures('fleet parent', child.pid!);
    for (const [i, pid] of childPids(child.pid!).entries()) figures(`fleet worker ${i + 1}`, pid);
    for (const [i, broker] of brokers.entries()) figures(`mosquitto ${i + 1}`, broker.pid);
    options.log(`… ${ids.length} devices online; asking each one for its serial number`);
    const answers = await checkFleetAnswers(
      brokers.map((b) => b.url),
      ids,
      { timeoutMs: 120_000, window: 2_000 },
    );
    child.kill('SIGINT');
    const exitCode = await exited;
    const summary = /connected in [^\n]*/.exec(output)?.[0] ?? '(no summary)';
    const graceful = Number(
      /([\d,]+) devices? went offline gracefully/.exec(output)?.[1]?.replace(/,/g, '') ?? 0,
    );
    return { devices: ids.length, onlineMs, summary, graceful, exitCode, answers, processes };
  } finally {
    for (const broker of brokers) await broker.stop();
  }
}
