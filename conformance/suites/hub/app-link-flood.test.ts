/**
 * A hub that floods one app connection with large frames cannot exhaust fleetcert's memory nor
 * keep it reading: the app link keeps at most MAX_KEPT_BYTES_PER_CONNECTION of frames (and 4,000
 * frames; see app-link.test.ts), counts what came past that, which the judge calls a flood
 * (EDP-HUB-2), and reads the connection no further.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { AppLink, MAX_APP_FRAME_BYTES, MAX_KEPT_BYTES_PER_CONNECTION } from './app-link.js';
import type { AppFrame } from './hub-run-record.js';

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of server?.clients ?? []) c.terminate();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('AppLink under a flood of large frames', () => {
  it('keeps at most its byte budget of one connection, counts what came past it, and reads no further', async () => {
    const big = JSON.stringify({
      method: 'device.properties_changed',
      params: {
        deviceId: 'bulb-0001',
        items: [{ siid: 1, piid: 1, value: 'x'.repeat(MAX_APP_FRAME_BYTES - 200) }],
      },
    });
    // Three budgets' worth: past the first, more than the kernel's buffers between the ends hold.
    const total = Math.ceil((MAX_KEPT_BYTES_PER_CONNECTION * 3) / big.length);
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    server.on('connection', (socket) => {
      for (let i = 0; i < total; i++) socket.send(big);
    });
    await once(server, 'listening');
    const frames: AppFrame[] = [];
    const link = await AppLink.connect({
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/edp/1/hub`,
      name: 'app-a#1',
      app: 'app-a',
      token: 't',
      now: () => performance.now(),
      onFrame: (f) => frames.push(f),
    });
    for (let i = 0; i < 1_000 && link.record().droppedFrames === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(frames.length * big.length).toBeLessThanOrEqual(MAX_KEPT_BYTES_PER_CONNECTION);
    expect(link.record().droppedFrames).toBeGreaterThan(0);
    // Past its budget the link reads no further: a link that read on would get every frame.
    for (let i = 0; i < 400 && frames.length + link.record().droppedFrames < total; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(frames.length + link.record().droppedFrames).toBeLessThan(total);
    await link.close();
  });
});
