/**
 * The app side of a hub load run before the traffic: open the app connections (bearer tokens,
 * section 8), wait until the hub lists the run's devices online, subscribe. Setup requests use
 * ids from the top of section 3's range, above every command's, so they never meet one.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { AppReceipts, PlannedConnection } from '../../load/hub/index.js';
import { FleetcertError } from '../../src/index.js';
import { MAX_REQUEST_ID } from '../../src/protocol/index.js';

const MAX_APP_FRAME = 1024 * 1024;

export function connectApp(
  url: string,
  connection: PlannedConnection,
  receipts: AppReceipts,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${connection.token}` },
      maxPayload: MAX_APP_FRAME,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
    });
    socket.on('error', () => {});
    socket.once('unexpected-response', (_req, res) => {
      socket.terminate();
      reject(
        new FleetcertError(
          'LOAD_HUB_REFUSED',
          `the hub at ${url} refused app connection ${connection.index} (token of hub.apps) with HTTP ${res.statusCode}`,
          { exitCode: 2 },
        ),
      );
    });
    socket.once('error', (error) =>
      reject(
        new FleetcertError('LOAD_HUB_UNREACHABLE', `cannot reach the hub at ${url}: ${error.message}`, {
          exitCode: 2,
        }),
      ),
    );
    socket.once('open', () => {
      socket.on('message', (data, isBinary) => {
        if (!isBinary) receipts.frame(connection.index, data.toString(), performance.now());
      });
      resolve(socket);
    });
  });
}

let setupCalls = 0;

/** One request outside the measured traffic. */
function call(
  socket: WebSocket,
  method: string,
  params: unknown,
  timeoutMs = 5_000,
): Promise<Record<string, unknown>> {
  const id = MAX_REQUEST_ID - ++setupCalls;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(
        new FleetcertError('LOAD_HUB_SETUP', `the hub did not answer ${method} within ${timeoutMs} ms`, {
          exitCode: 2,
        }),
      );
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      if (message?.id !== id) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

/**
 * Until the hub lists online every device of this run (shard) granted to each token (asked on
 * the token's first connection). A sharded run waits only for its own devices.
 */
export async function waitForDiscovery(
  sockets: readonly WebSocket[],
  connections: readonly PlannedConnection[],
  mine: ReadonlySet<string>,
  timeoutMs: number,
): Promise<void> {
  const firsts = connections.filter((c, i) => connections.findIndex((d) => d.token === c.token) === i);
  const until = performance.now() + timeoutMs;
  for (const connection of firsts) {
    const due = connection.granted.filter((id) => mine.has(id));
    for (;;) {
      const answer = await call(sockets[connection.index]!, 'devices.list', {});
      const items = Array.isArray(answer.result)
        ? (answer.result as { deviceId?: unknown; online?: unknown }[])
        : [];
      const online = new Set(items.filter((i) => i.online === true).map((i) => i.deviceId));
      if (due.every((id) => online.has(id))) break;
      if (performance.now() > until)
        throw new FleetcertError(
          'LOAD_HUB_DISCOVERY',
          `after ${Math.round(timeoutMs / 1000)} s the hub lists ${due.filter((id) => online.has(id)).length} of the ${due.length} devices granted to the token of app connection ${connection.index} (hub.apps) online: it does not see the fleet (check its broker)`,
          { exitCode: 2 },
        );
      await delay(200);
    }
  }
}

export async function subscribe(socket: WebSocket, connection: PlannedConnection): Promise<void> {
  if (!connection.subscribeParams) return;
  const answer = await call(socket, 'subscribe', connection.subscribeParams);
  if (answer.error !== undefined)
    throw new FleetcertError(
      'LOAD_HUB_SETUP',
      `the hub refused the subscription of app connection ${connection.index}: ${JSON.stringify(answer.error)}`,
      { exitCode: 2 },
    );
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
