/**
 * One app's WebSocket connection: its grant, its subscription set, how many of its requests are
 * in flight (EDP-HUB-2: each gets exactly one response), and a send path that will not let a
 * slow reader grow the hub's memory: past `maxBufferedBytes` unsent, the connection is dropped,
 * and a queue that grows asks the hub-wide output budget (output-budget.ts) to look across all
 * connections. It also carries what the idle and ping sweep (connection-watch.ts) reads.
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../src/log/index.js';
import type { ErrorObject, RequestId } from '../../src/protocol/index.js';
import type { Grant } from './grants.js';
import type { ConnectionLimits } from './limits.js';
import { BACKLOG_CHECK_BYTES } from './output-budget.js';
import { NO_SUBSCRIPTION, type Subscription } from './subscriptions.js';

export type { ConnectionLimits } from './limits.js';

export interface AppConnectionHooks {
  /** The clock of `lastFrameAt` and the ping sweep. Default Date.now. */
  readonly now?: () => number;
  /** Called when this connection's unsent output passes BACKLOG_CHECK_BYTES. */
  readonly onBacklog?: () => void;
}

export class AppConnection {
  readonly serial: number;
  readonly grant: Grant;
  subscription: Subscription = NO_SUBSCRIPTION;
  readonly #socket: WebSocket;
  readonly #limits: ConnectionLimits;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #onBacklog: (() => void) | undefined;
  #inFlight = 0;
  lastFrameAt: number;
  lastPingAt: number;
  awaitingPong = false;

  constructor(
    socket: WebSocket,
    grant: Grant,
    serial: number,
    limits: ConnectionLimits,
    logger: Logger,
    hooks: AppConnectionHooks = {},
  ) {
    this.#socket = socket;
    this.grant = grant;
    this.serial = serial;
    this.#limits = limits;
    this.#logger = logger;
    this.#now = hooks.now ?? Date.now;
    this.#onBacklog = hooks.onBacklog;
    this.lastFrameAt = this.#now();
    this.lastPingAt = this.lastFrameAt;
  }

  /** A frame came from the app (whatever it holds): the connection is in use. */
  heard(): void {
    this.lastFrameAt = this.#now();
  }

  /** The app answered a ping: it reads. */
  ponged(): void {
    this.awaitingPong = false;
  }

  get subscribed(): boolean {
    return this.subscription.kind !== 'none';
  }

  /** Unsent bytes queued for this connection (0 once it is closing: that memory is being let go). */
  get buffered(): number {
    return this.open ? this.#socket.bufferedAmount : 0;
  }

  ping(): void {
    if (this.open) this.#socket.ping();
  }

  /** Drops the connection at once (no closing handshake: it is not reading), saying why in the log. */
  drop(why: string): void {
    if (!this.open) return;
    this.#logger.warn(
      { app: this.grant.name, connection: this.serial, buffered: this.#socket.bufferedAmount },
      `dropping an app connection: ${why}`,
    );
    this.#socket.terminate();
  }

  get open(): boolean {
    return this.#socket.readyState === 1;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Takes a request in; false when the connection is at its in-flight limit (answer -4013). */
  begin(): boolean {
    if (this.#inFlight >= this.#limits.maxInFlight) return false;
    this.#inFlight++;
    return true;
  }

  /** The one response of a begun request: the device's result or error as raw JSON text, under the app's id. */
  answer(id: RequestId, kind: 'result' | 'error', text: string, target: AppConnection = this): void {
    this.#inFlight--;
    target.#send(`{"id":${id},"${kind}":${text}}`);
  }

  /** The one response of a begun request, when the hub answers itself. */
  fail(id: RequestId, error: ErrorObject): void {
    this.answer(id, 'error', JSON.stringify(error));
  }

  /** A response to a frame that was never begun: envelope errors and -4013. */
  refuse(id: RequestId | null, error: ErrorObject): void {
    this.#send(JSON.stringify({ id, error }));
  }

  /** A hub notification; `paramsText` is already JSON. */
  notify(method: string, paramsText: string): void {
    this.#send(`{"method":"${method}","params":${paramsText}}`);
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  #send(text: string): void {
    if (!this.open) return;
    if (this.#socket.bufferedAmount > this.#limits.maxBufferedBytes) {
      this.drop('it does not read what the hub sends');
      return;
    }
    this.#socket.send(text);
    if (this.#onBacklog !== undefined && this.#socket.bufferedAmount > BACKLOG_CHECK_BYTES) this.#onBacklog();
  }
}
