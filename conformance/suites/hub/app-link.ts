/**
 * One app connection to the hub (PROTOCOL.md section 8): `ws://HOST:PORT/edp/1/hub` with the
 * token as a bearer, requests numbered 1, 2, 3… as real apps do, every frame timestamped on
 * the fleet's clock. Bounded: frames over 256 KiB close the connection (ws `maxPayload`),
 * JSON nested deeper than 64 is kept as raw text, and a hub that floods the connection has
 * only its first frames kept, 4,000 or 16 MiB; past that the connection is no longer read (what
 * was already received is counted): memory and the time spent reading stay bounded whatever the
 * hub sends.
 */
import { createConnection, type NetConnectOpts } from 'node:net';
import WebSocket from 'ws';
import { FleetcertError, responsiveLimit } from '../../../src/index.js';
import type { AppConnectionRecord, AppFrame } from './hub-run-record.js';

export const MAX_APP_FRAME_BYTES = 256 * 1024;
export const MAX_FRAMES_PER_CONNECTION = 4_000;
/** Bytes of frames kept per connection: 4,000 frames of 256 KiB would be 1 GiB; no section 8 session comes near this. */
export const MAX_KEPT_BYTES_PER_CONNECTION = 16 * 1024 * 1024;
const MAX_DEPTH = 64;

export class HubUnreachableError extends FleetcertError {
  constructor(url: string, detail: string, cause?: unknown) {
    super(
      'FLEETCERT_HUB_UNREACHABLE',
      `could not open an app connection to the hub at ${url}: ${detail}. Check that the hub runs and serves ws://HOST:PORT/edp/1/hub with the configured tokens.`,
      { exitCode: 2, ...(cause === undefined ? {} : { cause }) },
    );
  }
}

/** A socket error as a partner can act on it: `connect ECONNREFUSED 127.0.0.1:8765 (ECONNREFUSED, syscall connect)`. */
export function describeSocketError(error: Error): string {
  const { code, syscall } = error as NodeJS.ErrnoException;
  const tags = [code, syscall === undefined ? undefined : `syscall ${syscall}`].filter(
    (t) => t !== undefined,
  );
  return tags.length === 0 ? error.message : `${error.message} (${tags.join(', ')})`;
}

export interface AppLinkOptions {
  readonly url: string;
  readonly name: string;
  readonly app: string;
  readonly token: string;
  readonly now: () => number;
  readonly onFrame: (frame: AppFrame) => void;
  readonly connectTimeoutMs?: number;
}

export class AppLink {
  readonly name: string;
  readonly app: string;
  private nextId = 1;
  private readonly outstanding = new Set<number>();
  private readonly waiters = new Set<() => void>();
  private kept = 0;
  private keptBytes = 0;
  private dropped = 0;
  private closedAt: number | undefined;
  private closing = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly options: AppLinkOptions,
    readonly openedAtMs: number,
  ) {
    this.name = options.name;
    this.app = options.app;
    socket.on('message', (data, isBinary) => this.received(data, isBinary));
    socket.once('close', () => {
      if (!this.closing) this.closedAt = options.now();
      this.wake();
    });
  }

  static connect(options: AppLinkOptions): Promise<AppLink> {
    return new Promise((resolve, reject) => {
      const startedAt = Date.now();
      // How far the connection got, for the error a partner reads: TCP, then the upgrade's answer.
      let tcpConnectedAfterMs: number | undefined;
      const socket = new WebSocket(options.url, {
        headers: { authorization: `Bearer ${options.token}` },
        maxPayload: MAX_APP_FRAME_BYTES,
        // A hub under test must not make the certifier inflate compressed frames (issue 19).
        perMessageDeflate: false,
        createConnection: (opts: object) => {
          const tcp = createConnection(opts as NetConnectOpts);
          tcp.once('connect', () => {
            tcpConnectedAfterMs = Date.now() - startedAt;
          });
          return tcp;
        },
      });
      const limitMs = options.connectTimeoutMs ?? 5_000;
      // Not ws's handshakeTimeout (wall time): a hub is not unreachable because this process was
      // starved (a flood on another connection, a busy machine) while its answer waited unread.
      const cancel = responsiveLimit(limitMs, () => {
        socket.terminate();
        const reached =
          tcpConnectedAfterMs === undefined
            ? 'the TCP connection was never established'
            : `TCP connected after ${tcpConnectedAfterMs} ms and the upgrade request was sent; the hub sent no answer`;
        reject(
          new HubUnreachableError(
            options.url,
            `the WebSocket upgrade did not complete within ${limitMs / 1000} s (${reached}; ${Date.now() - startedAt} ms of wall time)`,
          ),
        );
      });
      socket.on('error', () => {});
      socket.once('unexpected-response', (_req, res) => {
        cancel();
        socket.terminate();
        reject(
          new HubUnreachableError(
            options.url,
            `the hub refused token ${options.app} with HTTP ${res.statusCode}`,
          ),
        );
      });
      socket.once('error', (e) => {
        cancel();
        const stage = tcpConnectedAfterMs === undefined ? 'before TCP connected' : 'during the upgrade';
        reject(new HubUnreachableError(options.url, `${describeSocketError(e)} ${stage}`, e));
      });
      socket.once('open', () => {
        cancel();
        resolve(new AppLink(socket, options, options.now()));
      });
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  get inFlight(): number {
    return this.outstanding.size;
  }

  /** Sends a request with the next id; returns the id and when it went out. */
  request(method: string, params: unknown): { id: number; frame: unknown; sentAtMs: number } {
    const id = this.nextId++;
    const frame = params === undefined ? { id, method } : { id, method, params };
    this.outstanding.add(id);
    return { id, frame, sentAtMs: this.sendText(JSON.stringify(frame)) };
  }

  /**
   * Sends a frame as it is (malformed on purpose); returns when it went out. Bytes go out as a
   * text frame without being checked (ws validates UTF-8 only on receipt), so a frame that is not
   * valid UTF-8 reaches the hub as such.
   */
  sendRaw(text: string | Buffer): number {
    return this.sendText(text);
  }

  /** Resolves once fewer than `limit` requests are unanswered, or at `untilMs`. */
  async waitForSlot(limit: number, untilMs: number): Promise<void> {
    while (this.outstanding.size >= limit && this.open && this.options.now() < untilMs)
      await this.change(untilMs);
  }

  /** Resolves once every request is answered, or at `untilMs`. */
  async waitAllAnswered(untilMs: number): Promise<void> {
    while (this.outstanding.size > 0 && this.open && this.options.now() < untilMs) await this.change(untilMs);
  }

  record(): AppConnectionRecord {
    return {
      name: this.name,
      app: this.app,
      openedAtMs: this.openedAtMs,
      droppedFrames: this.dropped,
      ...(this.closedAt === undefined ? {} : { closedAtMs: this.closedAt }),
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((done) => this.socket.once('close', () => done()));
    this.socket.close();
    const timer = setTimeout(() => this.socket.terminate(), 500);
    await closed;
    clearTimeout(timer);
  }

  private sendText(text: string | Buffer): number {
    const at = this.options.now();
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text, { binary: false });
    return at;
  }

  private received(data: WebSocket.RawData, isBinary: boolean): void {
    const atMs = this.options.now();
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString(
      'utf8',
    );
    let message: unknown;
    let parsed = false;
    if (!isBinary)
      try {
        message = JSON.parse(text);
        parsed = depthWithin(message, MAX_DEPTH);
      } catch {
        parsed = false;
      }
    if (parsed && typeof message === 'object' && message !== null && !Array.isArray(message)) {
      const id = (message as { id?: unknown }).id;
      if (typeof id === 'number') this.outstanding.delete(id);
    }
    if (
      this.kept >= MAX_FRAMES_PER_CONNECTION ||
      this.keptBytes + text.length > MAX_KEPT_BYTES_PER_CONNECTION
    ) {
      this.dropped++;
      // Past the recording limit nothing more is kept, so nothing more is read (TCP backpressure):
      // a hub that floods cannot keep this process busy reading what it throws away. Read on, a
      // flood starved the other certifications sharing the process (their brokers missed CONNACKs).
      if (!this.socket.isPaused) this.socket.pause();
    } else {
      this.kept++;
      this.keptBytes += text.length;
      this.options.onFrame(
        parsed
          ? { connection: this.name, atMs, message }
          : { connection: this.name, atMs, raw: text.slice(0, 2_000) },
      );
    }
    this.wake();
  }

  private change(untilMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, untilMs - this.options.now()));
      this.waiters.add(done);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Iterative, so a hostile nesting cannot overflow the stack. */
function depthWithin(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d >= max) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return true;
}
