/**
 * The controller's requests waiting for their reply, matched by id per device (ids are unique per
 * device, EDP-RPC-5, and a reply names its device by topic): each settles once, answered by the
 * first reply with its id, or unanswered on its timeout or when the controller closes.
 */
import { isJsonObject } from '../../protocol/frame.js';
import type { DeviceMessage, RequestId } from '../../protocol/types.js';
import type { RequestOutcome } from './controller-events.js';

interface Pending {
  readonly deviceId: string;
  readonly id: RequestId;
  readonly sentAt: number;
  readonly timeoutMs: number;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (outcome: RequestOutcome) => void;
}

const keyOf = (deviceId: string, id: RequestId) => `${id}@${deviceId}`;

export class PendingRequests {
  /** Keyed `${id}@${deviceId}`. */
  readonly #byKey = new Map<string, Pending>();

  has(deviceId: string, id: RequestId): boolean {
    return this.#byKey.has(keyOf(deviceId, id));
  }

  /** Waits for the reply to `id` from `deviceId`; `resolve` gets `unanswered` after `timeoutMs`. */
  add(
    deviceId: string,
    id: RequestId,
    sentAt: number,
    timeoutMs: number,
    resolve: (outcome: RequestOutcome) => void,
  ): void {
    const key = keyOf(deviceId, id);
    const timer = setTimeout(() => this.#settleUnanswered(key, 'timeout'), timeoutMs);
    this.#byKey.set(key, { deviceId, id, sentAt, timeoutMs, timer, resolve });
  }

  /** Forgets a request that could not be sent, unsettled; true when it was still waiting. */
  withdraw(deviceId: string, id: RequestId): boolean {
    const key = keyOf(deviceId, id);
    const pending = this.#byKey.get(key);
    if (pending === undefined) return false;
    this.#byKey.delete(key);
    clearTimeout(pending.timer);
    return true;
  }

  /** Settles the request with `id` to `deviceId` as answered by `message`; true when one was waiting. */
  answer(
    deviceId: string,
    id: RequestId,
    receivedAt: number,
    message: DeviceMessage,
    payload: Buffer,
  ): boolean {
    const key = keyOf(deviceId, id);
    const pending = this.#byKey.get(key);
    if (pending === undefined) return false;
    this.#byKey.delete(key);
    clearTimeout(pending.timer);
    pending.resolve({
      status: 'answered',
      deviceId,
      id: pending.id,
      sentAt: pending.sentAt,
      receivedAt,
      message,
      payload,
    });
    return true;
  }

  /** Settles every waiting request as unanswered: the controller closed first. */
  closeAll(): void {
    for (const key of [...this.#byKey.keys()]) this.#settleUnanswered(key, 'closed');
  }

  #settleUnanswered(key: string, reason: 'timeout' | 'closed'): void {
    const pending = this.#byKey.get(key);
    if (pending === undefined) return;
    this.#byKey.delete(key);
    clearTimeout(pending.timer);
    const { deviceId, id, sentAt, timeoutMs } = pending;
    pending.resolve({ status: 'unanswered', deviceId, id, sentAt, reason, timeoutMs });
  }
}

/** The id a reply carries, also when it is malformed (both result and error, say), so it is judged against its request. */
export function replyId(message: DeviceMessage): RequestId | undefined {
  if (message.kind === 'response' || message.kind === 'error-response') return message.id ?? undefined;
  if (message.kind === 'invalid' && isJsonObject(message.parsed)) {
    const id = message.parsed.id;
    return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
  }
  return undefined;
}
