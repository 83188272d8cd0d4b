/**
 * The count at the end of a hub load run: every app command and every notification judged
 * against the fleet's own records (what each device received and sent), counted instead of
 * shrunk. Pure: records and receipts in, recorder figures out.
 *
 * A command is answered when the named device received a request with its method and params
 * (the hub's id is its own) and the app got that request's recorded answer; wrong when the
 * device received it but the app got something else; misdelivered when the named device never
 * received it and another one did; forwarded twice for every further request of the same
 * command a device received. -4010, -4011 and -4013 are counted apart. A notification is
 * delivered once to every connection subscribed to its device, in the device's order.
 */

import type { DeviceRecords } from '../../src/hub/index.js';
import { canonicalJson } from '../../src/index.js';
import type { LoadRecorder } from '../measure/recorder.js';
import type { ErrorSample } from '../result/types.js';
import type { AppReceipts, CommandOutcome } from './app-receipts.js';
import { keptCanonical } from './kept-key.js';

const FORWARDED = new Set(['get_properties', 'set_properties', 'action']);
/** Errors the hub answers itself (section 8): nothing was forwarded. */
const HUB_ERRORS = new Set([-32600, -32602, -4012]);

interface Forwarded {
  readonly atMs: number;
  /** canonical `{result}`/`{error}` of the device's recorded answer, '' when it never answered. */
  readonly answer: string;
  claimed: boolean;
}

export interface CountOptions {
  readonly receipts: AppReceipts;
  readonly records: (deviceId: string) => DeviceRecords;
  readonly deviceIds: readonly string[];
  /** performance.now() from which device notifications count (subscriptions are in place). */
  readonly notificationsFromMs: number;
  /**
   * performance.now() from which requests a device received count (the traffic's start): a
   * command leaves at or after it, so an earlier request (the warm-up's) is none of them.
   * Default: every request counts.
   */
  readonly requestsFromMs?: number;
  readonly relative: (atMs: number) => number;
  readonly recorder: LoadRecorder;
  readonly sample: (sample: ErrorSample) => void;
}

export function countAgainstRecords(options: CountOptions): void {
  const { receipts, recorder, relative, sample } = options;
  const forwarded = new Map<string, Map<string, Forwarded[]>>();
  const from = options.requestsFromMs ?? Number.NEGATIVE_INFINITY;
  for (const deviceId of options.deviceIds)
    forwarded.set(deviceId, forwardedOf(options.records(deviceId), from));
  const commandKeys = new Map<string, Set<string>>();
  const pending: number[] = [];
  const unanswered: number[] = [];
  const answered: number[] = [];
  receipts.commands.forEach((command, k) => {
    const outcome = receipts.outcomes[k] as CommandOutcome;
    if (outcome.sentMs < 0) return;
    const at = relative(command.intendedMs);
    recorder.hubSent(at);
    const key = `${command.deviceMethod} ${command.deviceParamsKey}`;
    let keys = commandKeys.get(command.deviceId);
    if (!keys) {
      keys = new Set();
      commandKeys.set(command.deviceId, keys);
    }
    keys.add(key);
    if (outcome.answers > 1) {
      recorder.hubCount('duplicated', at);
      sample({
        kind: 'duplicated',
        atMs: at,
        deviceId: command.deviceId,
        detail: `app request ${command.appId} answered ${outcome.answers} times`,
      });
    }
    if (outcome.answers === 0 || isHubUnavailable(outcome.errorCode)) {
      // Settled after every answered command has claimed its device request (none is stolen).
      unanswered.push(k);
      return;
    }
    answered.push(k);
  });
  // Which device request each answer came from (received after the command was sent and
  // before its answer): the reading with the most commands answered.
  // Commands to one device with the same request overlap in time and the hub may forward them
  // in any order; taking, command by command, the first request with an equal answer can take
  // another command's request and leave that one "never received" and its own "forwarded twice"
  // (two false errors). Earliest answer first, each taking the earliest request it can, is a
  // maximum matching of commands (windows) to requests (points).
  const windowOf = (k: number) => {
    const command = receipts.commands[k]!;
    const outcome = receipts.outcomes[k]!;
    const key = `${command.deviceMethod} ${command.deviceParamsKey}`;
    return (forwarded.get(command.deviceId)?.get(key) ?? []).filter(
      (f) => !f.claimed && f.atMs >= outcome.sentMs - 1 && f.atMs <= outcome.answeredMs,
    );
  };
  const leftOver: number[] = [];
  const byAnswerTime = [...answered].sort(
    (a, b) =>
      receipts.outcomes[a]!.answeredMs - receipts.outcomes[b]!.answeredMs ||
      receipts.outcomes[a]!.sentMs - receipts.outcomes[b]!.sentMs,
  );
  for (const k of byAnswerTime) {
    const outcome = receipts.outcomes[k]!;
    const equal = windowOf(k).find((f) => f.answer === outcome.answer);
    if (!equal) {
      leftOver.push(k);
      continue;
    }
    equal.claimed = true;
    recorder.hubAnswered(
      relative(receipts.commands[k]!.intendedMs),
      outcome.answeredMs - receipts.commands[k]!.intendedMs,
    );
  }
  for (const k of leftOver.sort((a, b) => a - b)) {
    const command = receipts.commands[k]!;
    const outcome = receipts.outcomes[k]!;
    const at = relative(command.intendedMs);
    const candidates = windowOf(k);
    if (candidates[0]) {
      candidates[0].claimed = true;
      recorder.hubCount('wrong', at);
      sample({
        kind: 'wrong',
        atMs: at,
        deviceId: command.deviceId,
        detail: `app request ${command.appId}: the app got ${outcome.answer.slice(0, 120)}, the device answered ${candidates[0].answer.slice(0, 120) || 'nothing'}`,
      });
      continue;
    }
    const code = outcome.errorCode;
    if (code !== undefined && HUB_ERRORS.has(code)) {
      recorder.hubCount('refused', at);
      sample({
        kind: 'hub-error',
        atMs: at,
        deviceId: command.deviceId,
        detail: `app request ${command.appId} refused by the hub: ${outcome.answer.slice(0, 120)}`,
      });
      continue;
    }
    pending.push(k);
  }
  for (const k of unanswered) {
    const command = receipts.commands[k]!;
    const outcome = receipts.outcomes[k]!;
    const at = relative(command.intendedMs);
    const key = `${command.deviceMethod} ${command.deviceParamsKey}`;
    const until = outcome.answers === 0 ? Number.POSITIVE_INFINITY : outcome.answeredMs;
    const candidates = (forwarded.get(command.deviceId)?.get(key) ?? []).filter(
      (f) => !f.claimed && f.atMs >= outcome.sentMs - 1 && f.atMs <= until,
    );
    if (outcome.answers === 0) {
      if (candidates[0]) candidates[0].claimed = true;
      recorder.hubCount('lost', at);
      sample({
        kind: 'lost',
        atMs: at,
        deviceId: command.deviceId,
        detail: `app request ${command.appId} (${command.kind}) never answered`,
      });
      continue;
    }
    const code = outcome.errorCode;
    {
      // -4011: forwarded and not answered in time. -4010 and -4013 are not forwarded, except a
      // command in flight when its device went offline (received before the -4010; a device
      // answer then is dropped, EDP-HUB-2).

      // Such a command may also reach the device later (an MQTT session delivers it on reconnect).
      const anyTime = (forwarded.get(command.deviceId)?.get(key) ?? []).filter(
        (f) => !f.claimed && f.atMs >= outcome.sentMs - 1,
      );
      const forwardedOne =
        code === -4013 ? undefined : (candidates.find((f) => f.answer === '') ?? candidates[0] ?? anyTime[0]);
      if (forwardedOne) forwardedOne.claimed = true;
      recorder.hubCount(code === -4010 ? 'offline' : code === -4011 ? 'timeout' : 'busy', at);
    }
  }
  // Commands the named device never received: did another device get them?
  for (const k of pending) {
    const command = receipts.commands[k]!;
    const outcome = receipts.outcomes[k]!;
    const at = relative(command.intendedMs);
    const key = `${command.deviceMethod} ${command.deviceParamsKey}`;
    let elsewhere: string | undefined;
    for (const [deviceId, byKey] of forwarded) {
      if (deviceId === command.deviceId) continue;
      const found = byKey
        .get(key)
        ?.find((f) => !f.claimed && f.atMs >= outcome.sentMs - 1 && f.atMs <= outcome.answeredMs);
      if (found) {
        found.claimed = true;
        elsewhere = deviceId;
        break;
      }
    }
    recorder.hubCount(elsewhere ? 'misdelivered' : 'wrong', at);
    sample({
      kind: elsewhere ? 'misdelivered' : 'wrong',
      atMs: at,
      deviceId: command.deviceId,
      detail: elsewhere
        ? `app request ${command.appId} for ${command.deviceId} reached ${elsewhere}`
        : `app request ${command.appId} was answered ${outcome.answer.slice(0, 120)}, but ${command.deviceId} never received it`,
    });
  }
  // Requests of a command a device received beyond the one its answer came from.
  for (const [deviceId, byKey] of forwarded) {
    const keys = commandKeys.get(deviceId);
    for (const [key, list] of byKey) {
      if (!keys?.has(key)) continue;
      for (const f of list) {
        if (f.claimed) continue;
        recorder.hubCount('forwardedTwice', relative(f.atMs));
        sample({
          kind: 'forwarded-twice',
          atMs: relative(f.atMs),
          deviceId,
          detail: `${deviceId} received ${key.slice(0, 120)} once more than it was sent`,
        });
      }
    }
  }
  countNotifications(options);
}

/**
 * Of the unclaimed notifications with the received content, the last one sent before it
 * arrived (or the first, when none was): when a device sent the same content twice and the hub
 * lost one, the loss is counted without charging its delay to the one that arrived.
 */
function takeMatch(queue: number[], expected: readonly { atMs: number }[], atMs: number): number | undefined {
  let pick = 0;
  for (let j = 0; j < queue.length && expected[queue[j]!]!.atMs <= atMs; j++) pick = j;
  return queue.splice(pick, 1)[0];
}

/** -4010, -4011, -4013: the hub's own answers that a device was not available. */
function isHubUnavailable(code: number | undefined): boolean {
  return code === -4010 || code === -4011 || code === -4013;
}

function forwardedOf(records: DeviceRecords, fromMs: number): Map<string, Forwarded[]> {
  const answers = new Map<unknown, string>();
  for (const sent of records.sent) {
    if (sent.kind !== 'response' || answers.has(sent.requestId)) continue;
    const message = sent.message as { result?: unknown; error?: unknown } | null;
    if (message && typeof message === 'object')
      answers.set(
        sent.requestId,
        keptCanonical(message.error === undefined ? { result: message.result } : { error: message.error }),
      );
  }
  const byKey = new Map<string, Forwarded[]>();
  for (const received of records.received) {
    if (!FORWARDED.has(received.method) || received.atMs < fromMs) continue;
    const key = `${received.method} ${canonicalJson(received.params)}`;
    let list = byKey.get(key);
    if (!list) {
      list = [];
      byKey.set(key, list);
    }
    list.push({ atMs: received.atMs, answer: answers.get(received.id) ?? '', claimed: false });
  }
  return byKey;
}

function countNotifications(options: CountOptions): void {
  const { receipts, recorder, relative, sample } = options;
  const sentBy = new Map<string, { key: string; atMs: number }[]>();
  for (const deviceId of options.deviceIds) {
    const list: { key: string; atMs: number }[] = [];
    for (const sent of options.records(deviceId).sent) {
      if (sent.kind !== 'notification' || sent.atMs < options.notificationsFromMs) continue;
      list.push({
        key: `${sent.method === 'event_occurred' ? 'e' : 'p'}${keptCanonical(sent.params ?? null)}`,
        atMs: sent.atMs,
      });
    }
    sentBy.set(deviceId, list);
  }
  receipts.connections.forEach((connection, c) => {
    const got = receipts.notifications[c]!;
    for (const deviceId of connection.subscribed) {
      const expected = sentBy.get(deviceId) ?? [];
      for (const e of expected) recorder.notifyPublished(relative(e.atMs));
      const queues = new Map<string, number[]>();
      expected.forEach((e, i) => {
        let q = queues.get(e.key);
        if (!q) {
          q = [];
          queues.set(e.key, q);
        }
        q.push(i);
      });
      let highest = -1;
      for (const r of got.get(deviceId) ?? []) {
        const q = queues.get(r.key);
        const i = q === undefined ? undefined : takeMatch(q, expected, r.atMs);
        if (i === undefined) {
          recorder.notifyDuplicated(relative(r.atMs));
          sample({
            kind: 'duplicated',
            atMs: relative(r.atMs),
            deviceId,
            detail: `connection ${c} got a notification of ${deviceId} ${q ? 'once more' : 'the device never sent'}`,
          });
          continue;
        }
        const e = expected[i]!;
        recorder.notifyDelivered(relative(e.atMs), r.atMs - e.atMs, i < highest);
        if (i > highest) highest = i;
      }
    }
  });
}
