/**
 * The plain listener beside the TLS one (EDP-TLS-6): a device that falls back to MQTT in
 * plaintext after a refused handshake connects here, straight or over a plain ws:// upgrade
 * (the fallback of a wss:// device). It reads up to the CONNECT, keeps the
 * client id and username, and closes without answering: the token is parsed away, never
 * stored, logged or printed, and no CONNACK tells the device it got through.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FleetcertError } from '../errors.js';
import { type SniffedConnect, sniffPackets } from './connect-sniffer.js';
import { createWebSocketUpgrader, replayFirstChunk } from './websocket-upgrade.js';

export interface PlainSeen {
  /** ms since `startedAt` (the TLS checks' start, so times compare with the TLS attempts). */
  readonly at: number;
  readonly connect?: SniffedConnect;
}

export interface PlainCatcher {
  readonly port: number;
  /** Every plain connection so far, in arrival order. */
  seen(): readonly PlainSeen[];
  close(): Promise<void>;
}

/** An HTTP request line (a WebSocket upgrade); an MQTT client starts with CONNECT's 0x10. */
const HTTP_REQUEST = /^[A-Z]{3,7} /;

/** How long a plain connection may stay open without sending CONNECT. */
const PLAIN_IDLE_MS = 10_000;

export async function startPlainCatcher(options: {
  readonly host: string;
  readonly port: number;
  /** performance.now() of the TLS checks' start. */
  readonly startedAt: number;
}): Promise<PlainCatcher> {
  const seen: PlainSeen[] = [];
  const upgrader = createWebSocketUpgrader();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const index = seen.push({ at: performance.now() - options.startedAt }) - 1;
    const at = (seen[index] as PlainSeen).at;
    const timer = setTimeout(() => socket.destroy(), PLAIN_IDLE_MS);
    const sniffer = sniffPackets({
      onConnect(connect) {
        seen[index] = { at, connect };
        socket.destroy();
      },
    });
    const feed = (chunk: Buffer) => {
      if (!sniffer.push(chunk)) socket.destroy();
    };
    // The first bytes say what the device speaks: MQTT, or an HTTP upgrade to MQTT over ws://.
    socket.once('data', (first: Buffer) => {
      if (!HTTP_REQUEST.test(first.subarray(0, 8).toString('latin1'))) {
        feed(first);
        socket.on('data', feed);
        return;
      }
      void upgrader.upgrade(replayFirstChunk(socket, first)).then((stream) => stream?.on('data', feed));
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new FleetcertError(
          'FLEETCERT_TLS_PLAIN_LISTEN',
          `cannot watch for plaintext MQTT on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use: choose another --tls-plain-port, or 0 for a free one' : error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port, options.host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });
  return {
    port,
    seen: () => [...seen],
    async close() {
      upgrader.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
