/**
 * Checks every answer against what the simulated device replied (correctness under load):
 * the right id, the right device, the same result as the device's own reply, exactly once,
 * within the deadline, and only to the controller that asked. Pure: time comes in as
 * run-relative milliseconds, counts go to the recorder, examples to a sample sink.
 */
import { parseJsonWithin } from '../../src/index.js';
import type { LoadRecorder } from '../measure/recorder.js';
import { type RequestTally, UNKNOWN_METHOD } from '../measure/request-tally.js';
import type { ErrorSample } from '../result/types.js';
import { jsonEqual } from './json-equal.js';

export interface PendingRequest {
  readonly id: number;
  readonly deviceId: string;
  readonly controller: number;
  readonly intendedMs: number;
  readonly method: string;
  /** The device's own reply as it encoded it, once it has answered ('' once the answer is judged). */
  deviceText: string | undefined;
  /**
   * answered: a correct answer came; wrong: a wrong one did; lost: the deadline passed first;
   * held: an answer came before the device's own word about it (devices in another thread
   * report their replies by message, which may arrive after the broker's copy): it is judged
   * when that word comes, or, if it never does by the deadline, as answered though the device
   * never answered.
   */
  state: 'waiting' | 'held' | 'answered' | 'wrong' | 'lost';
  /** The held answer, when it arrived, and its parse if one was needed. */
  held?: { readonly payload: string; readonly parsed: unknown; readonly atMs: number } | undefined;
  /** Past the deadline (lost or not), kept a while to recognise late answers and duplicates. */
  expired: boolean;
  /** intendedMs + the deadline. */
  readonly deadlineAt: number;
}

export type SampleSink = (sample: ErrorSample) => void;

/** How long a request is remembered after its deadline, to tell late and duplicate answers. */
export const REMEMBER_AFTER_DEADLINE_MS = 10_000;

export class RequestChecker {
  readonly #pending = new Map<number, PendingRequest>();
  /**
   * Requests in send order, which is deadline order (deadlines grow with intended time) and
   * so also the order in which they are forgotten: one queue, two heads, no entry per step.
   */
  #queue: PendingRequest[] = [];
  /** The first request whose deadline has not passed. */
  #head = 0;
  /** The first request still remembered (at or before `#head`). */
  #forgetHead = 0;

  constructor(
    private readonly recorder: LoadRecorder,
    private readonly deadlineMs: number,
    private readonly sample: SampleSink,
    /** Counts by method and outcome for the live metrics, when a run serves them. */
    private readonly tally?: RequestTally,
    /** Requests or replies at QoS 1: a repeated answer is a redelivery, not a duplicate (default false). */
    private readonly atLeastOnce = false,
  ) {}

  get inFlight(): number {
    return this.#queue.length - this.#head;
  }

  /** A request has been published by controller `controller` at intended time `intendedMs`. */
  sent(id: number, deviceId: string, controller: number, intendedMs: number, method: string): void {
    const request: PendingRequest = {
      id,
      deviceId,
      controller,
      intendedMs,
      method,
      deviceText: undefined,
      state: 'waiting',
      expired: false,
      deadlineAt: intendedMs + this.deadlineMs,
    };
    this.#pending.set(id, request);
    this.#queue.push(request);
    this.recorder.rpcSent(intendedMs);
    this.tally?.add(method, 'sent');
  }

  /**
   * The simulated device produced a reply for request `id`, encoded as `text` (seen inside the
   * device, before the broker). Text, not the object: it crosses from the device thread as a
   * string, and the usual answer is then one string comparison.
   */
  deviceReplied(id: number, text: string): void {
    const request = this.#pending.get(id);
    if (!request || request.deviceText !== undefined) return;
    request.deviceText = text;
    const held = request.held;
    if (request.state !== 'held' || held === undefined) return;
    request.held = undefined;
    this.#judge(request, held.payload, held.parsed, held.atMs);
  }

  /** Controller `controller` received `payload` on the `rpc/reply` topic of `topicDeviceId` at `nowMs`. */
  received(controller: number, topicDeviceId: string, payload: string, nowMs: number): void {
    // Fast path: a device writes the id first (`{"id":17,…`); anything else is parsed.
    const fast = FAST_ID.exec(payload);
    let parsed: { id?: unknown } | undefined;
    let id: unknown;
    if (fast) id = Number(fast[1]);
    else {
      parsed = parseJson(payload);
      if (parsed === undefined) {
        this.#unknown(nowMs, topicDeviceId, `an answer that is not JSON: ${clip(payload)}`);
        return;
      }
      id = parsed?.id;
    }
    const request = typeof id === 'number' ? this.#pending.get(id) : undefined;
    if (!request) {
      this.#unknown(
        nowMs,
        topicDeviceId,
        `an answer with an id no request of this run has: ${clip(payload)}`,
      );
      return;
    }
    const at = request.intendedMs;
    if (request.deviceId !== topicDeviceId) {
      this.recorder.rpcWrong(at);
      this.tally?.add(request.method, 'wrong');
      this.sample({
        kind: 'wrong',
        atMs: nowMs,
        deviceId: topicDeviceId,
        detail: `${request.method} id ${request.id} to ${request.deviceId} was answered on the topic of ${topicDeviceId}`,
      });
      return;
    }
    if (request.controller !== controller) {
      this.recorder.rpcMisdelivered(at);
      this.tally?.add(request.method, 'misdelivered');
      this.sample({
        kind: 'misdelivered',
        atMs: nowMs,
        deviceId: topicDeviceId,
        detail: `${request.method} id ${request.id} from controller ${request.controller} was delivered to controller ${controller}`,
      });
      return;
    }
    if (request.state === 'answered' || request.state === 'wrong' || request.state === 'held') {
      if (this.atLeastOnce) {
        // QoS 1 delivers at least once: a broker's redelivery (or the device's EDP-RPC-5 answer
        // to a redelivered request) is the protocol working, not an extra answer.
        this.recorder.rpcRedelivered();
        return;
      }
      this.recorder.rpcDuplicated(at);
      this.tally?.add(request.method, 'duplicated');
      this.sample({
        kind: 'duplicated',
        atMs: nowMs,
        deviceId: topicDeviceId,
        detail: `${request.method} id ${request.id} was answered again`,
      });
      return;
    }
    if (request.expired) {
      // Counted lost at the deadline; a late answer is noted, not forgiven.
      this.recorder.rpcLate();
      this.tally?.add(request.method, 'late');
      request.state = 'answered';
      this.sample({
        kind: 'late',
        atMs: nowMs,
        deviceId: topicDeviceId,
        detail: `${request.method} id ${request.id} answered ${Math.round(nowMs - at)} ms after its intended send time, past the ${this.deadlineMs} ms deadline`,
      });
      return;
    }
    if (request.deviceText === undefined) {
      // The device's word may still be on its way (./worker-pool.ts): judge the answer then.
      request.state = 'held';
      request.held = { payload, parsed, atMs: nowMs };
      return;
    }
    this.#judge(request, payload, parsed, nowMs);
  }

  /** The first answer to `request`, received at `nowMs`, against the device's own reply. */
  #judge(request: PendingRequest, payload: string, parsed: unknown, nowMs: number): void {
    const at = request.intendedMs;
    const topicDeviceId = request.deviceId;
    if (!this.#sameAsDevice(request, payload, parsed)) {
      request.state = 'wrong';
      this.recorder.rpcWrong(at);
      this.tally?.add(request.method, 'wrong');
      this.sample({
        kind: 'wrong',
        atMs: nowMs,
        deviceId: topicDeviceId,
        detail:
          request.deviceText === undefined
            ? `${request.method} id ${request.id} was answered though the device never answered it: ${clip(payload)}`
            : `${request.method} id ${request.id}: the device replied ${clip(request.deviceText)}, the controller received ${clip(payload)}`,
      });
      return;
    }
    request.state = 'answered';
    // Judged: what the device said is no longer needed (a repeat is a duplicate whatever it
    // says), and dropping it now lets it die young instead of living on with the request.
    request.deviceText = JUDGED;
    this.recorder.rpcAnswered(at, nowMs - at);
    this.tally?.add(request.method, 'answered');
  }

  /** Counts requests whose deadline has passed by `nowMs` as lost; forgets old ones. */
  expire(nowMs: number): void {
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const request = queue[this.#head] as PendingRequest;
      if (request.deadlineAt > nowMs) break;
      this.#head++;
      request.expired = true;
      const held = request.held;
      if (request.state === 'held' && held !== undefined) {
        // The device never said it answered: the answer the controller got is judged without it.
        request.held = undefined;
        this.#judge(request, held.payload, held.parsed, held.atMs);
      } else if (request.state === 'waiting') {
        request.state = 'lost';
        this.recorder.rpcLost(request.intendedMs);
        this.tally?.add(request.method, 'lost');
        this.sample({
          kind: 'lost',
          atMs: nowMs,
          deviceId: request.deviceId,
          detail: `${request.method} id ${request.id}: no answer within ${this.deadlineMs} ms${request.deviceText === undefined ? ' (the device never received it)' : ' (the device answered; the answer never arrived)'}`,
        });
      }
    }
    while (this.#forgetHead < this.#head) {
      const request = queue[this.#forgetHead] as PendingRequest;
      if (request.deadlineAt + REMEMBER_AFTER_DEADLINE_MS > nowMs) break;
      this.#forgetHead++;
      // Only if the id still names this request (ids do not repeat within a run, but a test may reuse one).
      if (this.#pending.get(request.id) === request) this.#pending.delete(request.id);
    }
    if (this.#forgetHead > 4096 && this.#forgetHead * 2 > queue.length) {
      this.#queue = queue.slice(this.#forgetHead);
      this.#head -= this.#forgetHead;
      this.#forgetHead = 0;
    }
  }

  /** The answer equals the device's reply: the same text (the usual case), else the same parsed JSON. */
  #sameAsDevice(request: PendingRequest, payload: string, parsed: unknown): boolean {
    if (request.deviceText === undefined) return false;
    if (payload === request.deviceText) return true;
    const received = parsed ?? parseJson(payload);
    const replied = parseJson(request.deviceText);
    return received !== undefined && replied !== undefined && jsonEqual(received, replied);
  }

  #unknown(nowMs: number, deviceId: string, detail: string): void {
    // Not attributable to a request of ours: counted wrong at the time it arrived.
    this.recorder.rpcWrong(nowMs);
    this.tally?.add(UNKNOWN_METHOD, 'wrong');
    this.sample({ kind: 'wrong', atMs: nowMs, deviceId, detail });
  }
}

const FAST_ID = /^\{"id":(\d{1,10})[,}]/;

/** Stands in for the device's reply once the answer is judged (never compared again). */
const JUDGED = '';

/** Bounded (src/bounded-json.ts): a reply nested 20,000 deep would overflow jsonEqual's recursion. */
function parseJson(text: string): { id?: unknown } | undefined {
  const value = parseJsonWithin(text);
  return typeof value === 'object' && value !== null ? (value as { id?: unknown }) : undefined;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
