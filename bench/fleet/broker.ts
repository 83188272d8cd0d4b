/**
 * The benchmark's Mosquitto: a separate process on a free port, no connection limit, quiet
 * logs (a log line per connect would cost the broker more than the clients under test).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/ports.js';

export interface BenchBroker {
  /** `mqtt://127.0.0.1:PORT` */
  readonly url: string;
  /** The same broker at 127.0.0.1 … 127.0.0.N (one listener each), for spreading clients. */
  readonly urls: readonly string[];
  readonly pid: number;
  /** CPU time (user + system) the broker has used so far, in ms (Linux /proc; NaN elsewhere). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** A shell prefix that raises the soft open-files limit to the hard one (`ulimit -n`). */
export const RAISE_FILE_LIMIT = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null || true';

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Sockets in TIME_WAIT on this machine (Linux /proc/net/sockstat; 0 elsewhere). */
export function timeWaitSockets(): number {
  try {
    const match = /TCP:.*\btw (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Before a phase: wait until earlier runs' TIME_WAIT sockets (each holds an ephemeral port for
 * 60 s) and the broker's own clean-up are over, so every phase starts from the same machine.
 */
export async function settle(
  broker: BenchBroker,
  log: (line: string) => void,
  maxWaitMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  let said = false;
  while (timeWaitSockets() > 1_000 && Date.now() < deadline) {
    if (!said)
      log(`  waiting for ${timeWaitSockets()} sockets in TIME_WAIT to expire (they hold ephemeral ports)…`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  for (let idle = 0; idle < 3 && Date.now() < deadline; ) {
    const before = broker.cpuMs();
    await new Promise((resolve) => setTimeout(resolve, 250));
    idle = broker.cpuMs() - before < 10 ? idle + 1 : 0;
  }
}

/** Resident memory of a process in bytes (Linux /proc; NaN elsewhere). */
export function processRss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Open files of a process (Linux /proc; NaN elsewhere). */
export function openFiles(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

/** Child processes of `pid` (Linux /proc; none elsewhere). */
export function childPids(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(/\s+/).map(Number);
  } catch {
    return [];
  }
}

function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * `addresses` > 1 adds listeners on 127.0.0.2 … 127.0.0.N. A client host opening 19,000
 * connections to ONE address spends most of its CPU in the kernel's search for a free
 * ephemeral port (28,000 of them, and connect() scans half the range first); spreading the
 * clients over a few addresses takes that OS artefact out of a comparison of client code.
 */
export async function startBenchBroker(addresses = 1): Promise<BenchBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-bench-mosquitto-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  const hosts = Array.from({ length: addresses }, (_, i) => `127.0.0.${i + 1}`);
  const lines = [
    ...hosts.map((host) => `listener ${port} ${host}`),
    'allow_anonymous true',
    'persistence false',
    'max_connections -1',
    // A controller subscribing to every device's retained presence gets one message per device:
    // past the default queue of 1,000 QoS 1 messages per client, Mosquitto would drop the rest.
    'max_queued_messages 0',
    // Replies and notifications are small: without this, Nagle's algorithm holds them for ACKs.
    'set_tcp_nodelay true',
    'log_dest stderr',
    'log_type error',
  ];
  await writeFile(config, `${lines.join('\n')}\n`, { mode: 0o644 });
  const binary = existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto';
  // The soft file limit raised to the hard one (20,000 here): a broker holds one file per client.
  const child = spawn('/bin/sh', ['-c', `${RAISE_FILE_LIMIT}; exec "$0" -c "$1"`, binary, config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, 5_000).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`mosquitto did not start on port ${port}: ${String(error)}\n${log}`);
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    urls: hosts.map((host) => `mqtt://${host}:${port}`),
    pid: child.pid ?? 0,
    cpuMs: () => processCpuMs(child.pid ?? 0),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const settle = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.once('connect', () => settle(true));
      socket.once('error', () => settle(false));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timeout after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
