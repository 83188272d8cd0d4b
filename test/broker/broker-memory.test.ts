/**
 * Issue 12, finding 2: three connections declaring 256 MB CONNECTs took the embedded broker from
 * 173 MB to 715 MB, and it stayed there. The broker now refuses them at the fixed header; its
 * memory, measured in a child process with garbage collection and time to settle, stays within
 * 20 MB of where it started, during the attack and after it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MB = 1024 * 1024;
let child: ChildProcess;
let port: number;

function ask(message: 'rss' | 'rss-now'): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (reply: unknown) => {
      if (typeof reply === 'object' && reply !== null && 'rss' in reply) {
        child.off('message', onMessage);
        resolve((reply as { rss: number }).rss);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

beforeAll(async () => {
  child = fork(fileURLToPath(new URL('../support/broker-child.ts', import.meta.url)), {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  port = ready.port;
}, 60_000);

afterAll(async () => {
  child.send('stop');
  await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  child.kill();
});

/** Declares a CONNECT of 268,435,455 bytes and pushes up to `total` bytes of it, until closed. */
async function oversizedConnect(total: number): Promise<number> {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  socket.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  let written = 0;
  while (written < total && !closed) {
    if (!socket.write(chunk)) {
      await new Promise((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
    }
    written += chunk.length;
  }
  socket.destroy();
  return written;
}

describe('embedded broker memory under oversized CONNECTs (child process)', () => {
  it('stays within 20 MB of its starting RSS during and after three 256 MB CONNECTs', async () => {
    // Warm up the paths a normal login takes, so the baseline includes them.
    const warm = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      reconnectPeriod: 0,
      username: 'bulb-0001',
      clientId: 'bulb-0001',
      password: 'any',
    });
    await new Promise<void>((resolve) => warm.once('connect', () => resolve()));
    await warm.endAsync();
    const before = await ask('rss');
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await ask('rss-now'));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const written = await Promise.all([0, 1, 2].map(() => oversizedConnect(48 * MB)));
    sampling = false;
    await sampler;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await ask('rss');
    console.log(
      `broker RSS: before ${(before / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB, after ${(after / MB).toFixed(1)} MB; pushed ${written.map((w) => (w / MB).toFixed(1)).join(', ')} MB before close`,
    );
    expect(after - before).toBeLessThan(20 * MB);
    expect(peak - before).toBeLessThan(20 * MB);
  }, 120_000);
});
