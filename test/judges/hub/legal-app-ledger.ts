/**
 * The app side of a legal hub history: each connection's requests (ids counting up per
 * connection), the frames the hub sent back, and when the hub read each request. The hub reads
 * one connection's frames in order, 0.1..20 ms after they were sent.
 */
import type { AppFrame, AppIntent, AppRequest } from '../../../conformance/suites/hub/hub-run-record.js';
import { appRequest } from '../../support/hub-judge/synthetic-run.js';
import type { Draws } from './hub-history-script.js';

export class AppLedger {
  readonly requests: AppRequest[] = [];
  readonly frames: AppFrame[] = [];
  readonly #ids = new Map<string, number>();
  readonly #readAt = new Map<string, number>();

  request(
    connection: string,
    atMs: number,
    method: string,
    params: unknown,
    intent: AppIntent,
    then?: (request: AppRequest) => void,
  ): AppRequest {
    const id = (this.#ids.get(connection) ?? 0) + 1;
    this.#ids.set(connection, id);
    const request = appRequest(connection, id, atMs, method, params, intent);
    this.requests.push(request);
    then?.(request);
    return request;
  }

  /** When the hub reads a frame `connection` sent at `atMs`: in order, after every earlier one. */
  read(connection: string, atMs: number, d: Draws): number {
    const p = Math.max(this.#readAt.get(connection) ?? 0, atMs + d.between(0.1, 20));
    this.#readAt.set(connection, p);
    return p;
  }

  reply(request: AppRequest, atMs: number, body: Record<string, unknown>): void {
    this.frames.push({ connection: request.connection, atMs, message: { id: request.id, ...body } });
  }
}
