/**
 * The controller side of the WebSocket binding (PROTOCOL.md section 6): one connection to a
 * device at `ws://HOST:PORT/edp/1` with `Authorization: Bearer TOKEN`, frames in and out with
 * the time they arrived. Raw on purpose: judging frames is the caller's business.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { FleetcertError } from '../../errors.js';
import { SUBJECT_FRAME_BYTES } from './socket-limits.js';

export interface WsControllerOptions {
  /** Sent as `Authorization: Bearer TOKEN`; omitted when undefined. */
  readonly token?: string;
  /** Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** Clock for receive times, in ms. Default `performance.now()`. */
  readonly now?: () => number;
}

export interface WsFrame {
  readonly atMs: number;
  readonly payload: string | Uint8Array;
  readonly binary: boolean;
}

export type WsFrameListener = (frame: WsFrame) => void;

export interface WsControllerConnection {
  readonly url: string;
  /** Frames received before anyone listened, oldest first. */
  readonly early: readonly WsFrame[];
  /** The very first frame of the connection (the device's `hello`), whoever listened; `undefined` if none comes in time. */
  first(timeoutMs: number): Promise<WsFrame | undefined>;
  readonly open: boolean;
  send(frame: string | Uint8Array, options?: { readonly binary?: boolean }): Promise<void>;
  onFrame(listener: WsFrameListener): () => void;
  /** Resolves when the connection closes, with the close code. */
  readonly closed: Promise<number>;
  close(): Promise<void>;
}

/** Rejected upgrades carry the HTTP status the device answered with. */
export class WsUpgradeRefused extends FleetcertError {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(
      'WS_UPGRADE_REFUSED',
      `the device at ${url} refused the WebSocket upgrade with HTTP ${status}${status === 401 ? ' (check --token)' : ''}`,
    );
  }
}

export function connectWsController(
  url: string,
  options: WsControllerOptions = {},
): Promise<WsControllerConnection> {
  const now = options.now ?? (() => performance.now());
  const headers = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  // maxPayload: frames up to 1 MiB are read (and judged: past 65,536 bytes a frame breaks EDP-RPC-6);
  // a larger one closes the connection instead of being buffered (ws allows 100 MiB by default).
  const socket = new WebSocket(url, {
    headers,
    handshakeTimeout: options.connectTimeoutMs ?? 5_000,
    maxPayload: SUBJECT_FRAME_BYTES,
    perMessageDeflate: false,
  });
  // An 'error' with no listener would crash the process; failures surface through the promises below.
  socket.on('error', () => {});
  const early: WsFrame[] = [];
  let firstFrame: WsFrame | undefined;
  const firstWaiters = new Set<(frame: WsFrame) => void>();
  const listeners = new Set<WsFrameListener>();
  socket.on('message', (data, isBinary) => {
    const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const frame: WsFrame = {
      atMs: now(),
      payload: isBinary ? new Uint8Array(raw) : raw.toString('utf8'),
      binary: isBinary,
    };
    if (firstFrame === undefined) {
      firstFrame = frame;
      for (const waiter of firstWaiters) waiter(frame);
      firstWaiters.clear();
    }
    if (listeners.size === 0) early.push(frame);
    for (const listener of listeners) listener(frame);
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new WsUpgradeRefused(url, response.statusCode ?? 0));
    });
    socket.once('error', (error) => {
      reject(
        new FleetcertError(
          'WS_UNREACHABLE',
          `could not connect to the device at ${url}: ${error.message}. Check --ws and that the device runs.`,
          { cause: error },
        ),
      );
    });
    socket.once('open', () => {
      resolve({
        url,
        early,
        first: (timeoutMs) =>
          firstFrame !== undefined
            ? Promise.resolve(firstFrame)
            : new Promise((done) => {
                const waiter = (frame: WsFrame) => {
                  clearTimeout(timer);
                  done(frame);
                };
                const timer = setTimeout(() => {
                  firstWaiters.delete(waiter);
                  done(undefined);
                }, timeoutMs);
                firstWaiters.add(waiter);
              }),
        get open() {
          return socket.readyState === WebSocket.OPEN;
        },
        send: (frame, sendOptions = {}) =>
          new Promise<void>((done, fail) => {
            if (socket.readyState !== WebSocket.OPEN)
              return fail(new Error('the WebSocket connection is closed'));
            socket.send(frame, { binary: sendOptions.binary === true }, (error) =>
              error ? fail(error) : done(),
            );
          }),
        onFrame(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        closed,
        async close() {
          if (socket.readyState === WebSocket.CLOSED) return;
          socket.close();
          const timer = setTimeout(() => socket.terminate(), 1_000);
          await closed;
          clearTimeout(timer);
        },
      });
    });
  });
}
