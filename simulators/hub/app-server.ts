/**
 * The app side of the hub (PROTOCOL.md section 8): `ws://HOST:PORT/edp/1/hub`, bearer token as
 * in section 6 (a token the hub does not know: HTTP 401 before the upgrade), one JSON object per
 * text frame. Frames above 1 MiB close the connection (1009); up to that, the dispatcher judges
 * them (over 64 KiB: -32600). Past `maxConnections` an upgrade gets HTTP 503.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../src/log/logger.js';
import { bearerToken } from '../bindings/ws/bearer.js';
import { AppConnection, type ConnectionLimits } from './app-connection.js';
import type { AppConnections } from './connections.js';
import { dispatchFrame } from './dispatcher.js';
import type { AppGrants, Grant } from './grants.js';
import type { HubContext } from './handlers/types.js';

export const HUB_PATH = '/edp/1/hub';
const MAX_FRAME_BYTES = 1024 * 1024;

export interface AppServerOptions {
  readonly host: string;
  readonly port: number;
  readonly grants: AppGrants;
  readonly connections: AppConnections;
  readonly context: HubContext;
  readonly limits: ConnectionLimits;
  readonly maxConnections: number;
  readonly logger: Logger;
}

export interface AppServer {
  /** `ws://HOST:PORT/edp/1/hub` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { logger, connections } = options;
  // UTF-8 is judged by the dispatcher (-32700), not by ws closing the connection.
  // No permessage-deflate: an app's small compressed frame could inflate past maxPayload's intent.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    skipUTF8Validation: true,
  });
  let serial = 0;
  const http: Server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    response.end(`EDP/1 hub: connect with a WebSocket to ${HUB_PATH}\n`);
  });
  const accept = (socket: WebSocket, grant: Grant) => {
    const connection = new AppConnection(socket, grant, ++serial, options.limits, logger);
    connections.add(connection);
    logger.debug({ app: grant.name, connection: connection.serial }, 'app connected');
    socket.on('message', (data, isBinary) =>
      dispatchFrame(toBytes(data), isBinary, connection, options.context),
    );
    socket.on('close', () => {
      connections.delete(connection);
      logger.debug({ app: grant.name, connection: connection.serial }, 'app disconnected');
    });
    socket.on('error', (error) => logger.debug({ err: error }, 'app connection error'));
  };
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    if ((request.url ?? '').split('?')[0] !== HUB_PATH) return refuse(socket, 404, 'Not Found');
    const grant = options.grants.find(bearerToken(request.headers.authorization));
    if (grant === undefined) {
      logger.warn({ remote: request.socket.remoteAddress }, 'refused an app without a known bearer token');
      return refuse(socket, 401, 'Unauthorized');
    }
    if (connections.size >= options.maxConnections) return refuse(socket, 503, 'Service Unavailable');
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, grant));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `ws://${host}:${port}${HUB_PATH}`,
    port,
    async close() {
      for (const connection of [...connections]) connection.close(1001, 'hub going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const client of wss.clients) client.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function toBytes(data: unknown): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data as Buffer;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
