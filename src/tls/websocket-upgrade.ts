/**
 * MQTT over WebSocket over TLS (`wss://`, PROTOCOL.md section 9): the HTTP upgrade on a TLS
 * socket the probe already holds, so one listener can present a server variant per attempt and
 * then read MQTT bytes from the WebSocket as it does from the TLS socket itself.
 */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { createWebSocketStream, WebSocketServer } from 'ws';

export interface WebSocketUpgrader {
  /** The MQTT byte stream once the device upgrades `socket`; undefined if it closes first. */
  upgrade(socket: TLSSocket): Promise<Duplex | undefined>;
  close(): void;
}

export function createWebSocketUpgrader(): WebSocketUpgrader {
  // Neither listens: the probe feeds them sockets it accepted itself.
  const http = createHttpServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const waiting = new WeakMap<Duplex, (stream: Duplex) => void>();
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => socket.destroy());
      waiting.get(socket)?.(stream);
    });
  });
  // A plain HTTP request (no upgrade) gets 426: this listener speaks MQTT over WebSocket only.
  http.on('request', (_request, response) => {
    response.writeHead(426, { connection: 'close' }).end();
  });
  return {
    upgrade(socket) {
      return new Promise((resolve) => {
        waiting.set(socket, resolve);
        socket.once('close', () => resolve(undefined));
        http.emit('connection', socket);
      });
    },
    close() {
      wss.close();
      http.close();
    },
  };
}
