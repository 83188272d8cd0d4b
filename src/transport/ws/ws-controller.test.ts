import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { probeUpgrade } from './upgrade-probe.js';
import { connectWsController, WsUpgradeRefused } from './ws-controller.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A device that wants `Bearer good`, says hello, and echoes. */
async function device(): Promise<string> {
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (request.headers.authorization !== 'Bearer good') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.send('{"method":"hello","params":{"deviceId":"tv-0001","model":"m","fw":"1"}}');
      ws.on('message', (data, binary) => ws.send(data, { binary }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  close = async () => {
    for (const c of wss.clients) c.terminate();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/edp/1`;
}

describe('WebSocket controller connection (PROTOCOL.md section 6)', () => {
  it('keeps the first frame (hello) whoever listened first, and passes later frames to listeners with their time', async () => {
    const url = await device();
    const connection = await connectWsController(url, { token: 'good' });
    const frames: string[] = [];
    connection.onFrame((f) => frames.push(String(f.payload)));
    const first = await connection.first(2000);
    expect(String(first?.payload)).toContain('"hello"');
    await connection.send('{"id":1}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames.at(-1)).toBe('{"id":1}');
    await connection.close();
  });
  it('refuses with the status the device answered, naming the URL', async () => {
    const url = await device();
    await expect(connectWsController(url, { token: 'bad' })).rejects.toBeInstanceOf(WsUpgradeRefused);
    await expect(connectWsController(url, {})).rejects.toThrow(
      `the device at ${url} refused the WebSocket upgrade with HTTP 401`,
    );
  });
  it('probes upgrades without keeping the connection (EDP-WS-1)', async () => {
    const url = await device();
    expect(await probeUpgrade(url, 'Bearer good')).toEqual({ kind: 'upgraded' });
    expect(await probeUpgrade(url, undefined)).toEqual({ kind: 'refused', status: 401 });
    expect((await probeUpgrade('ws://127.0.0.1:9/edp/1', undefined)).kind).toBe('unreachable');
  });
});
