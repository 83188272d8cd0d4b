/**
 * MQTT over WebSocket over TLS (`wss://`, PROTOCOL.md section 9): the HTTP upgrade on a TLS
 * socket the probe already holds, so one listener can present a server variant per attempt and
 * then read MQTT bytes from the WebSocket as it does from the TLS socket itself.
 */
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { SUBJECT_FRAME_BYTES } from '../transport/ws/socket-limits.js';

export interface WebSocketUpgrader {
  /** The MQTT byte stream once the device upgrades `socket`; undefined if it closes first. */
  upgrade(socket: TLSSocket | Duplex): Promise<Duplex | undefined>;
  close(): void;
}

export function createWebSocketUpgrader(): WebSocketUpgrader {
  // Neither listens: the probe feeds them sockets it accepted itself.
  const http = createHttpServer();
  // maxPayload: the device under test sends the frames; ws would buffer up to 100 MiB of one.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: SUBJECT_FRAME_BYTES,
  });
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

/**
 * `socket` as a stream that yields `first` again before the rest: for a listener that read the
 * first bytes to learn what the client speaks (the plain listener: MQTT, or an HTTP upgrade) and
 * hands the connection on. ws sets a timeout and no-delay on the socket it takes: passed through.
 */
export function replayFirstChunk(socket: Socket, first: Buffer): Duplex {
  const replayed = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  Object.assign(replayed, {
    setTimeout: (ms: number) => socket.setTimeout(ms),
    setNoDelay: (noDelay?: boolean) => socket.setNoDelay(noDelay),
  });
  replayed.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!replayed.push(chunk)) socket.pause();
  });
  socket.on('end', () => replayed.push(null));
  socket.on('close', () => replayed.destroy());
  return replayed;
}
