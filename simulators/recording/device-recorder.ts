/**
 * The tap of one recorded device (simulators/bindings/tap.ts): it keeps every request the
 * device receives and everything it sends, with times on one clock, and it decides when a
 * frame is served, so a device can be made silent (frames recorded, never served) or slow
 * (served after a delay). Memory is bounded: past `maxRecords` records or `maxBytes` bytes of
 * frames and messages, records are counted in `dropped` instead of kept (a flood cannot
 * exhaust memory, and the arrays only grow, so a reader's indexes stay valid), and
 * `incompleteFromMs` says from when on the records lack something, so a judge does not read the
 * gap as something the hub did not do.
 */
import type { Notification } from '../../src/protocol/index.js';
import type { BindingTap, PresenceCause } from '../bindings/tap.js';
import type { SimClock, TimerRef } from '../clock/types.js';
import type { DeviceRecordsView, ReceivedRecord, Responsiveness, SentMessage } from './records.js';

export interface RecordingOptions {
  /** Times every record and schedules slow replies. */
  readonly clock: SimClock;
  /** Records kept (received and sent together). Default 10,000. */
  readonly maxRecords?: number;
  /** Bytes of frames and messages kept. Default 8 MiB. */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_RECORDS = 10_000;
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
const FRAME_EXCERPT = 256;
const NORMAL: Responsiveness = Object.freeze({ kind: 'normal' });

export class DeviceRecorder implements BindingTap, DeviceRecordsView {
  readonly received: ReceivedRecord[] = [];
  readonly sent: SentMessage[] = [];
  readonly #clock: SimClock;
  readonly #maxRecords: number;
  readonly #maxBytes: number;
  readonly #pending = new Set<TimerRef>();
  #bytes = 0;
  #dropped = 0;
  #firstDroppedAtMs: number | undefined;
  #online = false;
  #responsiveness: Responsiveness = NORMAL;

  constructor(options: RecordingOptions) {
    this.#clock = options.clock;
    this.#maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  get dropped(): number {
    return this.#dropped;
  }

  /** When the first record was dropped at the cap (DeviceRecords.incompleteFromMs); none dropped: undefined. */
  get incompleteFromMs(): number | undefined {
    return this.#firstDroppedAtMs;
  }

  /** Whether the device is online as its own presence says (MQTT `state`, WebSocket `hello`). */
  get online(): boolean {
    return this.#online;
  }

  get responsiveness(): Responsiveness {
    return this.#responsiveness;
  }

  setResponsiveness(responsiveness: Responsiveness): void {
    if (
      responsiveness.kind === 'slow' &&
      !(Number.isFinite(responsiveness.delayMs) && responsiveness.delayMs >= 0)
    )
      throw new RangeError(`a slow device needs a delay of 0 ms or more, got ${responsiveness.delayMs}`);
    this.#responsiveness = responsiveness;
  }

  now(): number {
    return this.#clock.now();
  }

  // BindingTap

  frameArrived(frame: Uint8Array | string, serve: () => void): void {
    const text = typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8');
    if (this.#room(text.length)) this.received.push(receivedRecord(this.#clock.now(), text));
    const how = this.#responsiveness;
    if (how.kind === 'normal') serve();
    else if (how.kind === 'slow') this.#later(how.delayMs, serve);
    // silent: received, never served (a hung device: no effects, no answer).
  }

  sentResponse(text: string): void {
    if (!this.#room(text.length)) return;
    let message: unknown = text;
    let requestId: unknown = null;
    try {
      message = JSON.parse(text);
      if (isObject(message)) requestId = message.id;
    } catch {
      // not JSON: kept as the text it was
    }
    this.sent.push({ kind: 'response', atMs: this.#clock.now(), requestId, message });
  }

  sentNotification(notification: Notification, text: string): void {
    if (notification.method !== 'properties_changed' && notification.method !== 'event_occurred') return;
    if (!this.#room(text.length)) return;
    this.sent.push({
      kind: 'notification',
      atMs: this.#clock.now(),
      method: notification.method,
      params: notification.params,
    });
  }

  presence(online: boolean, cause: PresenceCause): void {
    if (online === this.#online) return;
    this.#online = online;
    // A connection that went away takes its pending slow replies with it.
    if (!online) this.#cancelPending();
    if (this.#room(32)) this.sent.push({ kind: 'presence', atMs: this.#clock.now(), online, cause });
  }

  /** Drop slow replies still waiting (the device stops). */
  close(): void {
    this.#cancelPending();
  }

  #room(bytes: number): boolean {
    if (this.received.length + this.sent.length >= this.#maxRecords || this.#bytes + bytes > this.#maxBytes) {
      this.#dropped++;
      this.#firstDroppedAtMs ??= this.#clock.now();
      return false;
    }
    this.#bytes += bytes;
    return true;
  }

  #later(delayMs: number, action: () => void): void {
    const timer = this.#clock.schedule(delayMs, () => {
      this.#pending.delete(timer);
      action();
    });
    this.#pending.add(timer);
  }

  #cancelPending(): void {
    for (const timer of this.#pending) timer.cancel();
    this.#pending.clear();
  }
}

function receivedRecord(atMs: number, text: string): ReceivedRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (isObject(parsed) && typeof parsed.method === 'string')
    return { atMs, id: parsed.id, method: parsed.method, params: parsed.params };
  return {
    atMs,
    id: isObject(parsed) ? parsed.id : undefined,
    method: '',
    params: undefined,
    frame: text.slice(0, FRAME_EXCERPT),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
