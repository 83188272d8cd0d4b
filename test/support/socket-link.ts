/**
 * Test helper: a DeviceLink to an in-process device over a real loopback TCP socket, so what the
 * device sends waits in the kernel until the judge's event loop reads it, as with a broker or a
 * WebSocket (memory-link.ts delivers on a timer instead, which a late loop still runs in order).
 * `afterAnswer` runs on the device's side once its answer to a request is written: a test can
 * stall the whole process there, the way a busy machine stalls the judge.
 */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DeviceLink, FrameListener } from '../../conformance/harness/device-link.js';
import type { FrameHandler } from './memory-link.js';

export interface SocketLinkOptions {
  /** Called after the device has written its answer to its `n`-th request (1-based). */
  readonly afterAnswer?: (n: number) => void;
}

export interface SocketLink extends DeviceLink {
  /** Requests the device has received. */
  readonly received: () => number;
}

/** Frames are length-prefixed (4 bytes, big-endian), then a kind byte (0 text, 1 binary). */
function encode(payload: string | Uint8Array): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length + 1, 0);
  head.writeUInt8(typeof payload === 'string' ? 0 : 1, 4);
  return Buffer.concat([head, body]);
}

function reader(onFrame: (payload: string | Uint8Array, binary: boolean) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 4) {
      const size = buffered.readUInt32BE(0);
      if (buffered.length < 4 + size) return;
      const binary = buffered.readUInt8(4) === 1;
      const body = buffered.subarray(5, 4 + size);
      buffered = buffered.subarray(4 + size);
      onFrame(binary ? new Uint8Array(body) : body.toString('utf8'), binary);
    }
  };
}

export async function socketLink(device: FrameHandler, options: SocketLinkOptions = {}): Promise<SocketLink> {
  let requests = 0;
  const server: Server = createServer((socket) => {
    socket.on(
      'data',
      reader((payload, binary) => {
        const n = ++requests;
        for (const out of device.handle(payload, binary)) socket.write(encode(out));
        options.afterAnswer?.(n);
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const { connect } = await import('node:net');
  const client: Socket = connect(address.port, '127.0.0.1');
  await once(client, 'connect');
  const listeners = new Set<FrameListener>();
  client.on(
    'data',
    reader((payload) => {
      const atMs = performance.now();
      for (const listener of listeners) listener({ atMs, channel: 'socket/events', payload });
    }),
  );
  return {
    binding: 'mqtt',
    requestChannel: 'socket/rpc',
    exclusive: true,
    now: () => performance.now(),
    received: () => requests,
    async send(frame) {
      client.write(encode(frame));
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      client.destroy();
      server.close();
    },
  };
}

/** Keeps the thread busy for `ms`, as a judge starved of CPU would be. */
export function stallProcess(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: nothing else in this process runs meanwhile
  }
}
