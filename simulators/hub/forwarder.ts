/**
 * Forwarding app commands to devices and their answers back (EDP-HUB-1, EDP-HUB-2), around one
 * pending table keyed by device and device request id:
 * - each command gets a fresh id from a seeded permutation (never repeated within 2^31−1 draws,
 *   so never reused for a device within 60 s) and is sent once, at arrival, so one connection's
 *   commands to one device leave in arrival order;
 * - the first answer with that id goes to the app under its own id; at deadline_ms the app gets
 *   -4011 and a later answer is dropped; a device that goes offline fails what it has in flight
 *   with -4010 at once; each pending entry settles exactly once.
 * Planted faults hook in where the rule they break is kept.
 */
import type { Logger } from '../../src/log/index.js';
import type { RequestId } from '../../src/protocol/index.js';
import { createRequestIdSource, type RequestIdSource } from '../../src/protocol/index.js';
import type { AppConnection } from './app-connection.js';
import { AppError } from './app-errors.js';
import type { DeviceAnswer } from './device-frames.js';
import type { DeviceLink } from './device-link.js';
import type { DeviceDirectory } from './directory.js';
import { NowAndThen } from './faults/now-and-then.js';
import type { HubFaults } from './faults/types.js';
import type { Grant } from './grants.js';

export interface ForwarderOptions {
  readonly directory: DeviceDirectory;
  /** The link that reaches a device (by its binding). */
  readonly linkFor: (deviceId: string) => DeviceLink | undefined;
  readonly deadlineMs: number;
  readonly seed: number;
  /** Commands pending across all connections before -4013. */
  readonly maxPending: number;
  /**
   * Commands pending for one token (all its connections) before -4013, so one app filling the
   * table cannot make another app's commands wait or time out. Default: maxPending.
   */
  readonly maxPendingPerToken?: number;
  readonly faults: HubFaults;
  /** Another open connection of the same token (for the planted `answer-wrong-connection`). */
  readonly siblingOf: (connection: AppConnection) => AppConnection | undefined;
  /** Any other open connection (for the planted `answer-some-wrong-connection` when there is no sibling). */
  readonly otherThan?: (connection: AppConnection) => AppConnection | undefined;
  readonly logger: Logger;
}

/** One app command on its way: method and params already as the device must receive them. */
export interface Command {
  readonly connection: AppConnection;
  readonly appId: RequestId;
  readonly deviceId: string;
  readonly method: string;
  /** Raw JSON text of the device's params; undefined sends none (get_model). */
  readonly paramsText: string | undefined;
}

interface Pending {
  readonly command: Command;
  readonly key: string;
  readonly deviceRequestId: RequestId;
  timer: NodeJS.Timeout | undefined;
  timedOut: boolean;
}

/** How long a timed-out entry waits for the late answer it must drop (only the planted `forward-late-answer` keeps them). */
const LATE_ANSWER_WATCH_MS = 60_000;
/** How long the planted `reorder-commands` holds a command for the next one to overtake. */
const REORDER_HOLD_MS = 100;

export class Forwarder {
  readonly #options: ForwarderOptions;
  readonly #ids: RequestIdSource;
  readonly #pending = new Map<string, Pending>();
  readonly #byDevice = new Map<string, Set<Pending>>();
  /** Pending entries per grant (one grant per token). */
  readonly #perGrant = new Map<Grant, number>();
  /** Only filled under the planted `reuse-request-id`. */
  readonly #lastId = new Map<string, RequestId>();
  /** Only filled under the planted `reorder-commands`: one held frame per connection and device. */
  readonly #held = new Map<string, { send: () => void; timer: NodeJS.Timeout }>();

  /** Only asked under the planted `answer-some-wrong-connection`. */
  readonly #someMisanswered: NowAndThen;

  constructor(options: ForwarderOptions) {
    this.#options = options;
    this.#ids = createRequestIdSource(options.seed);
    this.#someMisanswered = new NowAndThen(options.seed, 2);
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** Commands pending for the token of `grant`. */
  pendingOf(grant: Grant): number {
    return this.#perGrant.get(grant) ?? 0;
  }

  forward(command: Command): void {
    const { directory, faults, linkFor } = this.#options;
    const { connection, appId, deviceId } = command;
    // EDP-HUB-2: offline, not forwarded: -4010 at once. fault hook: forward-to-offline
    if (!directory.isOnline(deviceId) && !faults.has('forward-to-offline')) {
      connection.fail(appId, AppError.offline);
      return;
    }
    // -4013 only beyond the stated capacity (section 8): the whole table, or this token's share of it.
    const perToken = this.#options.maxPendingPerToken ?? this.#options.maxPending;
    if (this.#pending.size >= this.#options.maxPending) {
      connection.fail(appId, AppError.busyHub);
      return;
    }
    if (this.pendingOf(connection.grant) >= perToken) {
      connection.fail(appId, AppError.busyToken);
      return;
    }
    const link = linkFor(deviceId);
    const id = this.#freshId(deviceId);
    const key = keyOf(deviceId, id);
    const entry: Pending = { command, key, deviceRequestId: id, timer: undefined, timedOut: false };
    this.#pending.set(key, entry);
    this.#perGrant.set(connection.grant, this.pendingOf(connection.grant) + 1);
    const forDevice = this.#byDevice.get(deviceId) ?? new Set<Pending>();
    this.#byDevice.set(deviceId, forDevice);
    forDevice.add(entry);
    entry.timer = this.#startDeadline(entry);
    const send = () => {
      if (!this.#pending.has(key) || entry.timedOut) return;
      if (link === undefined || !link.send(deviceId, frameOf(id, command)))
        this.#settle(entry, AppError.offline);
      // fault hook: forward-twice (a second device request id for the same command)
      else if (faults.has('forward-twice')) link.send(deviceId, frameOf(this.#ids.next(), command));
    };
    if (faults.has('reorder-commands')) this.#sendReordered(`${connection.serial}|${deviceId}`, send);
    else send();
  }

  /** A device answered request `id`: the first answer settles it; any other is dropped (EDP-HUB-2). */
  answer(deviceId: string, id: RequestId, answer: DeviceAnswer): void {
    const entry = this.#pending.get(keyOf(deviceId, id));
    if (entry === undefined) return;
    if (entry.timedOut) {
      // Only the planted forward-late-answer keeps timed-out entries: a second response to one request.
      this.#remove(entry);
      const { connection, appId } = entry.command;
      connection.answer(appId, answer.kind, answer.text);
      return;
    }
    this.#remove(entry);
    const { connection, appId } = entry.command;
    // EDP-HUB-1: the answer goes to the connection that asked. fault hook: answer-wrong-connection
    // fault hook: answer-some-wrong-connection (one answer in 50, from the hub's seed)
    const target = this.#options.faults.has('answer-wrong-connection')
      ? (this.#options.siblingOf(connection) ?? connection)
      : this.#options.faults.has('answer-some-wrong-connection') && this.#someMisanswered.fire()
        ? (this.#options.siblingOf(connection) ?? this.#options.otherThan?.(connection) ?? connection)
        : connection;
    connection.answer(appId, answer.kind, answer.text, target);
  }

  /** EDP-HUB-2: commands in flight to a device that went offline get -4010 (exactly one response each). */
  deviceOffline(deviceId: string): void {
    const forDevice = this.#byDevice.get(deviceId);
    if (forDevice === undefined) return;
    for (const entry of [...forDevice]) if (!entry.timedOut) this.#settle(entry, AppError.offline);
  }

  close(): void {
    for (const entry of [...this.#pending.values()]) this.#remove(entry);
    for (const held of this.#held.values()) clearTimeout(held.timer);
    this.#held.clear();
  }

  #freshId(deviceId: string): RequestId {
    if (!this.#options.faults.has('reuse-request-id')) return this.#ids.next();
    // fault hook: reuse-request-id (the previous command's id to this device, when it is no longer pending)
    const last = this.#lastId.get(deviceId);
    const id = last !== undefined && !this.#pending.has(keyOf(deviceId, last)) ? last : this.#ids.next();
    this.#lastId.set(deviceId, id);
    return id;
  }

  #startDeadline(entry: Pending): NodeJS.Timeout | undefined {
    const { faults, deadlineMs } = this.#options;
    // EDP-HUB-2: -4011 at D. fault hooks: never-time-out, time-out-early
    if (faults.has('never-time-out')) return undefined;
    const after = faults.has('time-out-early') ? Math.floor(deadlineMs / 2) : deadlineMs;
    return setTimeout(() => this.#timeOut(entry), after);
  }

  #timeOut(entry: Pending): void {
    if (!this.#pending.has(entry.key)) return;
    const { connection, appId } = entry.command;
    if (this.#options.faults.has('forward-late-answer')) {
      entry.timedOut = true;
      entry.timer = setTimeout(() => this.#remove(entry), LATE_ANSWER_WATCH_MS);
      entry.timer.unref();
      this.#byDevice.get(entry.command.deviceId)?.delete(entry);
      connection.fail(appId, AppError.timeout);
      return;
    }
    this.#remove(entry);
    connection.fail(appId, AppError.timeout);
  }

  #settle(entry: Pending, error: typeof AppError.offline): void {
    if (!this.#pending.has(entry.key)) return;
    this.#remove(entry);
    entry.command.connection.fail(entry.command.appId, error);
  }

  #remove(entry: Pending): void {
    clearTimeout(entry.timer);
    if (this.#pending.delete(entry.key)) {
      const { grant } = entry.command.connection;
      const left = this.pendingOf(grant) - 1;
      if (left <= 0) this.#perGrant.delete(grant);
      else this.#perGrant.set(grant, left);
    }
    const forDevice = this.#byDevice.get(entry.command.deviceId);
    forDevice?.delete(entry);
    if (forDevice?.size === 0) this.#byDevice.delete(entry.command.deviceId);
  }

  #sendReordered(slot: string, send: () => void): void {
    const held = this.#held.get(slot);
    if (held === undefined) {
      const timer = setTimeout(() => {
        this.#held.delete(slot);
        send();
      }, REORDER_HOLD_MS);
      this.#held.set(slot, { send, timer });
      return;
    }
    // The newer command overtakes the held one.
    clearTimeout(held.timer);
    this.#held.delete(slot);
    send();
    held.send();
  }
}

function keyOf(deviceId: string, id: RequestId): string {
  return `${id}@${deviceId}`;
}

function frameOf(id: RequestId, command: Command): string {
  return command.paramsText === undefined
    ? `{"id":${id},"method":"${command.method}"}`
    : `{"id":${id},"method":"${command.method}","params":${command.paramsText}}`;
}
