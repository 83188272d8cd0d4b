/**
 * The independent device (independent-device.ts) on the WebSocket binding, written from
 * PROTOCOL.md section 6 with plain `ws`: bearer token checked before the upgrade (401), `hello`
 * first, responses to the asking connection, notifications to every connection.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { IndependentDevice, type IndependentModel } from './independent-device.js';

export interface RunningWsDevice {
  readonly url: string;
  readonly device: IndependentDevice;
  stop(): Promise<void>;
}

export async function startIndependentWsDevice(
  model: IndependentModel,
  deviceId: string,
  token: string,
): Promise<RunningWsDevice> {
  const device = new IndependentDevice(model, { deviceId });
  const server = createServer((_request, response) => {
    response.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (request.url !== '/edp/1' || request.headers.authorization !== `Bearer ${token}`) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.send(device.hello());
      ws.on('message', (data, isBinary) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        const [reply, ...notifications] = device.handle(
          isBinary ? new Uint8Array(bytes) : bytes.toString('utf8'),
          isBinary,
        );
        if (reply !== undefined) ws.send(reply);
        for (const n of notifications) for (const client of wss.clients) client.send(n);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/edp/1`,
    device,
    async stop() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
