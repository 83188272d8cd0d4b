/**
 * One app's WebSocket connection: its grant, its subscription set, how many of its requests are
 * in flight (EDP-HUB-2: each gets exactly one response), and a send path that will not let a
 * slow reader grow the hub's memory: past `maxBufferedBytes` unsent, the connection is dropped.
 */
import type { WebSocket } from 'ws';
import type { Logger } from '../../src/log/logger.js';
import type { ErrorObject, RequestId } from '../../src/protocol/types.js';
import type { Grant } from './grants.js';
import { NO_SUBSCRIPTION, type Subscription } from './subscriptions.js';

export interface ConnectionLimits {
  /** Requests in flight per connection before -4013 (section 8 asks for at least 16). */
  readonly maxInFlight: number;
  /** Unsent bytes queued for one connection before it is dropped as a slow consumer. */
  readonly maxBufferedBytes: number;
}

export class AppConnection {
  readonly serial: number;
  readonly grant: Grant;
  subscription: Subscription = NO_SUBSCRIPTION;
  readonly #socket: WebSocket;
  readonly #limits: ConnectionLimits;
  readonly #logger: Logger;
  #inFlight = 0;

  constructor(socket: WebSocket, grant: Grant, serial: number, limits: ConnectionLimits, logger: Logger) {
    this.#socket = socket;
    this.grant = grant;
    this.serial = serial;
    this.#limits = limits;
    this.#logger = logger;
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
      this.#logger.warn(
        { app: this.grant.name, connection: this.serial, buffered: this.#socket.bufferedAmount },
        'dropping an app connection that does not read what the hub sends',
      );
      this.#socket.terminate();
      return;
    }
    this.#socket.send(text);
  }
}
