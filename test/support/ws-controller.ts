/**
 * A minimal WebSocket controller for tests of the WebSocket binding: connects with a bearer
 * token, records every frame it receives, and waits for the ones a test needs.
 */
import WebSocket from 'ws';

export interface WsController {
  readonly socket: WebSocket;
  /** Every text frame received, parsed (unparseable ones as `{ raw }`). */
  readonly received: unknown[];
  send(message: unknown): void;
  /** Resolves with the first received message (already here or to come) that `match` accepts. */
  waitFor(
    match: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** The response with this id. */
  reply(id: number, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The HTTP status of a refused upgrade, or `open` when the device upgraded the connection. */
export function tryConnect(url: string, token: string | undefined): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve('open');
      socket.close();
    });
    socket.once('error', (error) => reject(error));
  });
}

export async function connectController(url: string, token: string): Promise<WsController> {
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  const received: unknown[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    const text = String(data);
    try {
      received.push(JSON.parse(text));
    } catch {
      received.push({ raw: text });
    }
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitFor: WsController['waitFor'] = (match, timeoutMs = 3_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = received.find(
          (m) => typeof m === 'object' && m !== null && match(m as Record<string, unknown>),
        );
        if (found === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found as Record<string, unknown>);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching message within ${timeoutMs} ms; received ${JSON.stringify(received)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return {
    socket,
    received,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    waitFor,
    reply: (id, timeoutMs) => waitFor((m) => m.id === id, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}
