/**
 * What the app connections received, filed as it arrives at the least cost per frame: one
 * JSON.parse, a lookup of the command by its app id (connections' ids never overlap, so an
 * answer on the wrong connection is seen at once), and notifications kept per connection and
 * device for the count at the end. Leaks are counted as they come.
 *
 * What is kept is bounded (the hub is the partner's code): each answer and notification as a
 * key of at most KEPT_KEY_CHARS (load/hub/kept-key.ts), and at most MAX_KEPT_NOTIFICATIONS
 * notifications, or MAX_KEPT_KEY_CHARS of their keys, in all; the ones past that are counted in
 * `unkept` and named in a note of the result instead of being judged.
 */
import { formatLimit } from '../../src/index.js';
import type { LoadRecorder } from '../measure/recorder.js';
import type { ErrorSample } from '../result/types.js';
import type { HubLive } from './hub-live.js';
import { keptCanonical } from './kept-key.js';
import type { PlannedCommand, PlannedConnection } from './plan.js';

/** Notifications kept for the count: well above any planned run (devices × telemetry rate × run). */
export const MAX_KEPT_NOTIFICATIONS = 2_000_000;
/** Characters of notification keys kept in all (2 bytes a character at worst: 128 MiB). */
export const MAX_KEPT_KEY_CHARS = 64 * 1024 * 1024;

export interface CommandOutcome {
  sentMs: number;
  answers: number;
  answeredMs: number;
  /** canonical JSON of `{result}` or `{error}` of the first answer, as a kept key (kept-key.ts). */
  answer: string;
  errorCode: number | undefined;
}

export interface ReceivedNotification {
  readonly key: string;
  readonly atMs: number;
}

export class AppReceipts {
  readonly outcomes: CommandOutcome[];
  /** Per connection: device id → notifications in arrival order. */
  readonly notifications: Map<string, ReceivedNotification[]>[];
  presence = 0;
  /** Notifications past the caps above: counted, not kept, not judged. */
  unkept = 0;
  #keptNotifications = 0;
  #keptKeyChars = 0;
  readonly #byAppId = new Map<number, number>();

  constructor(
    readonly commands: readonly PlannedCommand[],
    readonly connections: readonly PlannedConnection[],
    readonly recorder: LoadRecorder,
    /** Run-relative time of a performance.now() value. */
    readonly relative: (atMs: number) => number,
    readonly sample: (sample: ErrorSample) => void,
    /** Live counts for `--metrics` (none outside the measured traffic). */
    readonly live?: HubLive,
    readonly caps: { readonly notifications: number; readonly keyChars: number } = {
      notifications: MAX_KEPT_NOTIFICATIONS,
      keyChars: MAX_KEPT_KEY_CHARS,
    },
  ) {
    this.outcomes = commands.map(() => ({
      sentMs: -1,
      answers: 0,
      answeredMs: 0,
      answer: '',
      errorCode: undefined,
    }));
    commands.forEach((command, k) => {
      this.#byAppId.set(command.appId, k);
    });
    this.notifications = connections.map(() => new Map());
  }

  /** One text frame on connection `c` at `atMs` (performance.now). */
  frame(c: number, text: string, atMs: number): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;
    if (typeof message.method === 'string') {
      this.#notification(c, message, atMs);
      return;
    }
    if (typeof message.id !== 'number') return;
    const k = this.#byAppId.get(message.id);
    const command = k === undefined ? undefined : this.commands[k];
    if (k === undefined || command === undefined) return;
    if (command.connection !== c) {
      if (this.live) this.live.wrongApp++;
      this.recorder.hubCount('wrongApp', this.relative(command.intendedMs));
      this.sample({
        kind: 'wrong-app',
        atMs: this.relative(atMs),
        deviceId: command.deviceId,
        detail: `the answer to app request ${command.appId} of connection ${command.connection} reached connection ${c}`,
      });
      return;
    }
    const outcome = this.outcomes[k] as CommandOutcome;
    outcome.answers++;
    if (outcome.answers > 1) {
      if (this.live) this.live.answeredAgain++;
      return;
    }
    outcome.answeredMs = atMs;
    const error = message.error as { code?: unknown } | undefined;
    outcome.errorCode = error && typeof error.code === 'number' ? error.code : undefined;
    this.live?.firstAnswer(
      error === undefined ? undefined : (outcome.errorCode ?? Number.NaN),
      atMs - command.intendedMs,
    );
    outcome.answer = keptCanonical(error === undefined ? { result: message.result } : { error });
  }

  /** What the result should say about notifications that were not kept. */
  notes(): string[] {
    if (this.unkept === 0) return [];
    return [
      `${this.unkept} notification(s) from the hub past the cap of ${this.caps.notifications} notifications or ${formatLimit(this.caps.keyChars)} characters of their content were counted but not judged: notification counts are incomplete.`,
    ];
  }

  #notification(c: number, message: Record<string, unknown>, atMs: number): void {
    const params = message.params as Record<string, unknown> | undefined;
    const deviceId = params?.deviceId;
    if (typeof deviceId !== 'string') return;
    const connection = this.connections[c] as PlannedConnection;
    if (!connection.subscribed.has(deviceId)) {
      if (this.live) this.live.leaked++;
      this.recorder.notifyLeaked(this.relative(atMs));
      this.sample({
        kind: 'leaked',
        atMs: this.relative(atMs),
        deviceId,
        detail: `${message.method} reached app connection ${c}, which is ${connection.granted.includes(deviceId) ? 'not subscribed to' : 'not granted'} the device`,
      });
      return;
    }
    let key: string;
    if (message.method === 'device.properties_changed') key = `p${keptCanonical(params?.items ?? null)}`;
    else if (message.method === 'device.event_occurred') key = `e${keptCanonical(params?.event ?? null)}`;
    else {
      if (message.method === 'device.presence') {
        this.presence++;
        if (this.live) this.live.presence++;
      }
      return;
    }
    if (this.live) this.live.notifications++;
    if (
      this.#keptNotifications >= this.caps.notifications ||
      this.#keptKeyChars + key.length > this.caps.keyChars
    ) {
      this.unkept++;
      return;
    }
    this.#keptNotifications++;
    this.#keptKeyChars += key.length;
    const byDevice = this.notifications[c] as Map<string, ReceivedNotification[]>;
    let list = byDevice.get(deviceId);
    if (!list) {
      list = [];
      byDevice.set(deviceId, list);
    }
    list.push({ key, atMs });
  }
}
