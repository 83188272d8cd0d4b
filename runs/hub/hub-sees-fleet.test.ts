/**
 * certify hub's own WebSocket to the hub under test (issue 19): with no maxPayload and
 * permessage-deflate offered, four compressed 229 KB answers took the certifier to 900 MB. A
 * hub that would compress, and answers devices.list with more than the bound, neither gets
 * compression nor makes the certifier buffer the answer: the socket closes (1009) and the wait
 * ends with the devices still missing, for the judge.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { DEVICE_LIST_FRAME_BYTES } from '../../src/transport/ws/socket-limits.js';
import { waitUntilHubSeesFleet } from './hub-sees-fleet.js';

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("certify hub's socket to the hub under test", () => {
  it('negotiates no compression, and an answer over the bound closes the socket (1009) instead of being buffered', async () => {
    // A hostile hub: it would compress (permessage-deflate on), and it answers with 8 MiB.
    server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      perMessageDeflate: { threshold: 0 },
      maxPayload: 1024,
    });
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const offered: (string | undefined)[] = [];
    const closes: number[] = [];
    server.on('connection', (socket, request) => {
      offered.push(request.headers['sec-websocket-extensions']);
      socket.on('close', (code) => closes.push(code));
      socket.on('message', (data) => {
        const { id } = JSON.parse(String(data)) as { id: number };
        const padding = 'a'.repeat(2 * DEVICE_LIST_FRAME_BYTES);
        socket.send(JSON.stringify({ id, result: [{ deviceId: 'bulb-0001', online: true, padding }] }));
      });
    });
    const missing = await waitUntilHubSeesFleet(`ws://127.0.0.1:${port}/edp/1/hub`, 'star', ['bulb-0001'], {
      timeoutMs: 120_000,
    });
    expect(missing).toEqual(['bulb-0001']);
    expect(offered).toEqual([undefined]);
    await new Promise<void>((resolve) => {
      const check = () => (closes.length > 0 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(closes[0]).toBe(1009);
  });
});
