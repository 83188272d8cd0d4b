/** The broker's listening sockets: MQTT over TCP and, optionally, MQTT over WebSocket. */

import type { IncomingMessage } from 'node:http';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { FleetcertError } from '../errors.js';

export type AcceptConnection = (stream: Socket | Duplex, request?: IncomingMessage) => void;

export interface BrokerListeners {
  readonly port: number;
  readonly wsPort?: number;
  close(): Promise<void>;
}

export async function openBrokerListeners(
  accept: AcceptConnection,
  options: {
    readonly host: string;
    readonly port: number;
    readonly wsPort?: number;
    /** The largest WebSocket message accepted (src/broker/packet-limits.ts, webSocketMessageLimit). */
    readonly wsMaxPayload: number;
  },
): Promise<BrokerListeners> {
  // noDelay: replies and acks are small; with Nagle's algorithm each waited ~40 ms for a delayed ACK.
  const tcpServer = createServer({ noDelay: true }, (socket) => accept(socket));
  let ws: { http: HttpServer; wss: WebSocketServer; port: number } | undefined;
  try {
    const port = await listen(tcpServer, options.port, options.host, 'MQTT');
    if (options.wsPort !== undefined) {
      const http = createHttpServer();
      // maxPayload: ws buffers a whole message before the MQTT packet limits see it, so the limit
      // must hold here too. No permessage-deflate: a small compressed frame could inflate past it.
      const wss = new WebSocketServer({
        server: http,
        maxPayload: options.wsMaxPayload,
        perMessageDeflate: false,
      });
      wss.on('connection', (socket, request) => accept(createWebSocketStream(socket), request));
      ws = { http, wss, port: await listen(http, options.wsPort, options.host, 'MQTT over WebSocket') };
    }
    const opened = ws;
    return {
      port,
      ...(opened ? { wsPort: opened.port } : {}),
      async close() {
        await closeServer(tcpServer);
        if (opened) {
          for (const socket of opened.wss.clients) socket.terminate();
          opened.wss.close();
          opened.http.closeAllConnections();
          await closeServer(opened.http);
        }
      },
    };
  } catch (error) {
    tcpServer.close();
    ws?.http.close();
    throw error;
  }
}

function listen(server: Server | HttpServer, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use: choose another port, or 0 for a free one`
          : `${error.code ?? 'error'}: ${error.message}`;
      reject(
        new FleetcertError('FLEETCERT_BROKER_LISTEN', `cannot serve ${what} on ${host}:${port}: ${hint}`, {
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
