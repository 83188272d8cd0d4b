/**
 * An app in front of a hub (PROTOCOL.md section 8), for tests: a WebSocket with a bearer token,
 * requests numbered 1, 2, 3… as real apps do, every frame kept with its arrival time, and waits
 * for a response or a notification.
 */
import WebSocket from 'ws';

export interface AppFrame {
  readonly at: number;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

export interface AppClient {
  /** Sends `{ id, method, params }` with the next id and resolves with the response carrying that id. */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends the next id without waiting; returns the id. */
  send(method: string, params?: unknown): number;
  /** Sends a raw frame. */
  sendRaw(frame: string | Buffer, binary?: boolean): void;
  /** Every frame so far. */
  readonly frames: readonly AppFrame[];
  /** Frames that are responses with `id`. */
  responsesTo(id: number | null): AppFrame[];
  /** Notifications (frames with a method) so far, optionally of one method. */
  notifications(method?: string): Record<string, unknown>[];
  /** Resolves with the first frame (already here or to come) that `match` accepts. */
  waitFor(match: (frame: AppFrame) => boolean, timeoutMs?: number, what?: string): Promise<AppFrame>;
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

export function connectApp(url: string, token: string | undefined): Promise<AppClient> {
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const socket = new WebSocket(url, { headers });
  socket.on('error', () => {});
  const frames: AppFrame[] = [];
  const wakers = new Set<() => void>();
  socket.on('message', (data, isBinary) => {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
    if (isBinary) return;
    frames.push({ at: performance.now(), text, json: JSON.parse(text) as Record<string, unknown> });
    for (const wake of [...wakers]) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  let nextId = 1;
  const waitFor = (match: (frame: AppFrame) => boolean, timeoutMs = 10_000, what = 'a frame') =>
    new Promise<AppFrame>((resolve, reject) => {
      const check = () => {
        const found = frames.find(match);
        if (found) {
          finish();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(`no ${what} within ${timeoutMs} ms; frames: ${frames.map((f) => f.text).join('\n')}`),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        wakers.delete(check);
      };
      wakers.add(check);
      check();
    });
  const send = (method: string, params?: unknown) => {
    const id = nextId++;
    socket.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
    return id;
  };
  const client: AppClient = {
    send,
    async request(method, params, timeoutMs = 10_000) {
      const id = send(method, params);
      const frame = await waitFor((f) => f.json.id === id, timeoutMs, `response to ${method} #${id}`);
      return frame.json;
    },
    sendRaw(frame, binary = false) {
      socket.send(frame, { binary });
    },
    frames,
    responsesTo: (id) => frames.filter((f) => f.json.id === id && !('method' in f.json)),
    notifications: (method) =>
      frames
        .filter((f) => 'method' in f.json && (method === undefined || f.json.method === method))
        .map((f) => f.json),
    waitFor,
    closed,
    async close() {
      if (socket.readyState === WebSocket.CLOSED) return;
      socket.close();
      const timer = setTimeout(() => socket.terminate(), 1_000);
      await closed;
      clearTimeout(timer);
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new UpgradeRefused(response.statusCode ?? 0));
    });
    socket.once('error', reject);
    socket.once('open', () => resolve(client));
  });
}
