/**
 * msg/s as the broker counts it, the same for both phases: a Mosquitto of its own with
 * `sys_interval 1`, and a monitor that records `$SYS/broker/publish/messages/received`
 * (PUBLISH packets the broker received from clients) once a second with the time it arrived,
 * and the broker's own CPU time (Linux /proc) at that moment, so each phase can say how busy
 * the broker was: a phase whose broker is not saturated was held back by its clients.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort } from '../../test/support/ports.js';

export interface CountingBroker {
  readonly url: string;
  /** PUBLISH packets received per second between two wall-clock times (ms since the epoch). */
  rateBetween(fromMs: number, toMs: number): number;
  /** The broker's CPU use between two wall-clock times, in ms of CPU per second (1000 = one core); NaN off Linux. */
  cpuBetween(fromMs: number, toMs: number): number;
  stop(): Promise<void>;
}

export async function startCountingBroker(): Promise<CountingBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-bench-load-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  const lines = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    'max_connections -1',
    'sys_interval 1',
    // Requests and replies are small: without this, Nagle's algorithm holds them for ACKs.
    'set_tcp_nodelay true',
    'log_dest stderr',
    'log_type error',
  ];
  await writeFile(config, `${lines.join('\n')}\n`, { mode: 0o644 });
  const child = spawn(
    existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto',
    ['-c', config],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `mqtt://127.0.0.1:${port}`;
  const samples: { atMs: number; count: number; cpuMs: number }[] = [];
  const pid = child.pid ?? 0;
  const monitor = await connectWithRetry(url);
  monitor.on('message', (_topic, payload) =>
    samples.push({ atMs: Date.now(), count: Number(payload.toString()), cpuMs: processCpuMs(pid) }),
  );
  await monitor.subscribeAsync('$SYS/broker/publish/messages/received');
  return {
    url,
    rateBetween: (fromMs, toMs) => perSecond(samples, fromMs, toMs, (s) => s.count),
    cpuBetween: (fromMs, toMs) => perSecond(samples, fromMs, toMs, (s) => s.cpuMs),
    async stop() {
      await monitor.endAsync(true);
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How fast `pick` grew per second over the samples between two times. */
function perSecond<T extends { atMs: number }>(
  samples: readonly T[],
  fromMs: number,
  toMs: number,
  pick: (sample: T) => number,
): number {
  const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  const first = inside[0];
  const last = inside[inside.length - 1];
  if (!first || !last || last.atMs <= first.atMs) return Number.NaN;
  return ((pick(last) - pick(first)) * 1000) / (last.atMs - first.atMs);
}

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) process `pid` has used so far, in ms; NaN where /proc is not there. */
export function processCpuMs(pid: number): number {
  try {
    const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

async function connectWithRetry(url: string): Promise<mqtt.MqttClient> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 1000 });
    } catch (error) {
      if (attempt > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
