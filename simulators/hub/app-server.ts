/**
 * The app side of the hub (PROTOCOL.md section 8): `ws://HOST:PORT/edp/1/hub`, bearer token as
 * in section 6 (a token the hub does not know: HTTP 401 before the upgrade), one JSON object per
 * text frame. Frames above 1 MiB close the connection (1009); up to that, the dispatcher judges
 * them (over 64 KiB: -32600). Past `maxConnections`, or past `maxConnectionsPerToken` for its
 * token, an upgrade gets HTTP 503. Before authentication every TCP connection is bounded
 * (pending-upgrades.ts: how many, from one address, for how long), and wrong tokens are
 * answered 401 always, slowly and with one summary log line past a budget (wrong-tokens.ts).
 * After it, idle and non-reading connections are closed (connection-watch.ts) and unsent output
 * across all connections is bounded (output-budget.ts). Limits: limits.ts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../src/log/index.js';
import { bearerToken } from '../bindings/ws/bearer.js';
import { AppConnection } from './app-connection.js';
import { sweepConnections } from './connection-watch.js';
import type { AppConnections } from './connections.js';
import { dispatchFrame } from './dispatcher.js';
import type { AppGrants, Grant } from './grants.js';
import type { HubContext } from './handlers/types.js';
import type { HubLimits } from './limits.js';
import { OutputBudget } from './output-budget.js';
import { PendingUpgrades } from './pending-upgrades.js';
import { WrongTokens } from './wrong-tokens.js';

export const HUB_PATH = '/edp/1/hub';
const MAX_FRAME_BYTES = 1024 * 1024;

export interface AppServerOptions {
  readonly host: string;
  readonly port: number;
  readonly grants: AppGrants;
  readonly connections: AppConnections;
  readonly context: HubContext;
  readonly limits: HubLimits;
  readonly logger: Logger;
  /** The clock of the idle sweep and the wrong-token windows. Default Date.now. */
  readonly now?: () => number;
}

export interface AppServer {
  /** `ws://HOST:PORT/edp/1/hub` */
  readonly url: string;
  readonly port: number;
  /** One idle/ping sweep now (the server runs them on its own; tests call it with their clock). */
  sweep(): void;
  /** Closes the wrong-token windows that ended, logging their summaries (also run on its own). */
  flushWrongTokens(): void;
  close(): Promise<void>;
}

/** How often the server sweeps at most: limits below it are swept at their own period. */
const SWEEP_EVERY_MS = 5_000;

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const { logger, connections, limits } = options;
  const now = options.now ?? Date.now;
  const budget = new OutputBudget(() => connections, limits.maxBufferedTotalBytes);
  const pendingUpgrades = new PendingUpgrades({
    max: limits.maxPendingUpgrades,
    maxPerAddress: limits.maxPendingUpgradesPerAddress,
    timeoutMs: limits.upgradeTimeoutMs,
  });
  const wrongTokens = new WrongTokens(
    { perWindow: limits.wrongTokensPerWindow, windowMs: limits.wrongTokenWindowMs },
    logger,
    now,
  );
  // UTF-8 is judged by the dispatcher (-32700), not by ws closing the connection.
  // No permessage-deflate: an app's small compressed frame could inflate past maxPayload's intent.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    skipUTF8Validation: true,
  });
  let serial = 0;
  const http: Server = createServer(
    { headersTimeout: limits.upgradeTimeoutMs, requestTimeout: limits.upgradeTimeoutMs },
    (_request, response) => {
      response.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      response.end(`EDP/1 hub: connect with a WebSocket to ${HUB_PATH}\n`);
    },
  );
  const accept = (socket: WebSocket, grant: Grant) => {
    const connection = new AppConnection(socket, grant, ++serial, limits, logger, {
      now,
      onBacklog: () => budget.check(),
    });
    connections.add(connection);
    logger.debug({ app: grant.name, connection: connection.serial }, 'app connected');
    socket.on('message', (data, isBinary) => {
      connection.heard();
      dispatchFrame(toBytes(data), isBinary, connection, options.context);
    });
    socket.on('pong', () => connection.ponged());
    socket.on('close', () => {
      connections.delete(connection);
      logger.debug({ app: grant.name, connection: connection.serial }, 'app disconnected');
    });
    socket.on('error', (error) => logger.debug({ err: error }, 'app connection error'));
  };
  http.on('connection', (socket: Socket) => {
    pendingUpgrades.admit(socket);
  });
  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    if ((request.url ?? '').split('?')[0] !== HUB_PATH) return refuse(socket, 404, 'Not Found');
    const grant = options.grants.find(bearerToken(request.headers.authorization));
    if (grant === undefined) {
      // EDP-HUB-5: always 401; past the address's budget, late and without a log line of its own.
      if (wrongTokens.record(request.socket.remoteAddress ?? '?') === 'answer')
        return refuse(socket, 401, 'Unauthorized');
      const late = setTimeout(() => refuse(socket, 401, 'Unauthorized'), limits.wrongTokenDelayMs);
      socket.once('close', () => clearTimeout(late));
      return;
    }
    if (connections.size >= limits.maxConnections) return refuse(socket, 503, 'Service Unavailable');
    if (connections.countOf(grant) >= limits.maxConnectionsPerToken) {
      logger.warn({ app: grant.name }, 'refused an app connection: its token holds its share of connections');
      return refuse(socket, 503, 'Service Unavailable');
    }
    pendingUpgrades.settle(request.socket);
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, grant));
  });
  const sweepEvery = Math.max(10, Math.min(SWEEP_EVERY_MS, limits.idleTimeoutMs, limits.pingIntervalMs));
  const sweep = () => sweepConnections(connections, limits, now());
  const flushWrongTokens = () => wrongTokens.flush();
  const sweeper = setInterval(() => {
    sweep();
    flushWrongTokens();
  }, sweepEvery);
  sweeper.unref();
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
    sweep,
    flushWrongTokens,
    async close() {
      clearInterval(sweeper);
      pendingUpgrades.closeAll();
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
