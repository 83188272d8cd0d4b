/**
 * msg/s as the broker counts it, the same for both phases: a Mosquitto of its own with
 * `sys_interval 1`, and a monitor that records `$SYS/broker/publish/messages/received`
 * (PUBLISH packets the broker received from clients) once a second with the time it arrived.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort } from '../../test/support/ports.js';

export interface CountingBroker {
  readonly url: string;
  /** PUBLISH packets received per second between two wall-clock times (ms since the epoch). */
  rateBetween(fromMs: number, toMs: number): number;
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
  const samples: { atMs: number; count: number }[] = [];
  const monitor = await connectWithRetry(url);
  monitor.on('message', (_topic, payload) =>
    samples.push({ atMs: Date.now(), count: Number(payload.toString()) }),
  );
  await monitor.subscribeAsync('$SYS/broker/publish/messages/received');
  return {
    url,
    rateBetween(fromMs, toMs) {
      const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
      const first = inside[0];
      const last = inside[inside.length - 1];
      if (!first || !last || last.atMs <= first.atMs) return Number.NaN;
      return ((last.count - first.count) * 1000) / (last.atMs - first.atMs);
    },
    async stop() {
      await monitor.endAsync(true);
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
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
