/**
 * `npm run bench:broker-websocket`: the embedded broker's memory against unauthenticated
 * WebSocket clients each sending one 90 MiB message (issue 19; the review measured 125 MB ->
 * 558 MB peak, 468 MB held, when ws buffered whole messages before the MQTT limits). The broker
 * runs in a child process (`fleetcert broker`-like, via tsx) so its RSS is its own; three raw
 * connections upgrade and push 90 MiB each. Prints baseline, peak (VmHWM) and settled RSS.
 * Goal: peak under baseline + 60 MB. Exit 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { parseBenchArgs } from './bench-args.js';

parseBenchArgs(import.meta.url, {});

const MiB = 1024 * 1024;
const CONNECTIONS = 3;
const MESSAGE = 90 * MiB;

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    `const { startEmbeddedBroker } = await import('./src/broker/index.js');
     const b = await startEmbeddedBroker({ port: 0, wsPort: 0 });
     process.stdout.write(JSON.stringify({ wsPort: b.wsPort }) + '\\n');`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const { wsPort } = JSON.parse(line.toString()) as { wsPort: number };
const pid = child.pid as number;

function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function flood(): Promise<number> {
  const socket: Socket = connect(wsPort, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(
    `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n`,
  );
  await once(socket, 'data');
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(MESSAGE), 2);
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  socket.write(header);
  const chunk = Buffer.alloc(MiB, 0x10);
  let written = 0;
  while (written < MESSAGE && !closed) {
    if (!socket.write(chunk))
      await new Promise<void>((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    written += chunk.length;
  }
  socket.destroy();
  return written;
}

await new Promise((resolve) => setTimeout(resolve, 1_000));
const baseline = memory();
const written = await Promise.all(Array.from({ length: CONNECTIONS }, flood));
await new Promise((resolve) => setTimeout(resolve, 2_000));
const after = memory();
child.kill('SIGTERM');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
process.stdout.write(
  `broker RSS: baseline ${mb(baseline.rss)}, peak ${mb(after.peak)}, after ${mb(after.rss)}; ` +
    `${CONNECTIONS} connections wrote ${written.map((w) => `${(w / MiB).toFixed(0)} MiB`).join(', ')} of ${MESSAGE / MiB} MiB before being closed\n`,
);
process.exitCode = after.peak - baseline.rss < 60e6 ? 0 : 1;
