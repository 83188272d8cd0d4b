/**
 * What the app connections received, filed as it arrives at the least cost per frame: one
 * JSON.parse, a lookup of the command by its app id (connections' ids never overlap, so an
 * answer on the wrong connection is seen at once), and notifications kept per connection and
 * device for the count at the end. Leaks are counted as they come.
 */
import { canonicalJson } from '../../src/canonical-json.js';
import type { LoadRecorder } from '../measure/recorder.js';
import type { ErrorSample } from '../result/types.js';
import type { HubLive } from './hub-live.js';
import type { PlannedCommand, PlannedConnection } from './plan.js';

export interface CommandOutcome {
  sentMs: number;
  answers: number;
  answeredMs: number;
  /** canonical JSON of `{result}` or `{error}` of the first answer. */
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
    outcome.answer = canonicalJson(error === undefined ? { result: message.result } : { error });
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
    if (message.method === 'device.properties_changed') key = `p${canonicalJson(params?.items)}`;
    else if (message.method === 'device.event_occurred') key = `e${canonicalJson(params?.event)}`;
    else {
      if (message.method === 'device.presence') {
        this.presence++;
        if (this.live) this.live.presence++;
      }
      return;
    }
    if (this.live) this.live.notifications++;
    const byDevice = this.notifications[c] as Map<string, ReceivedNotification[]>;
    let list = byDevice.get(deviceId);
    if (!list) {
      list = [];
      byDevice.set(deviceId, list);
    }
    list.push({ key, atMs });
  }
}
