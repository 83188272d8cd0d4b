/**
 * EDP-HUB-2 for device commands: a command to an offline device is not forwarded and gets -4010
 * within 2 s; one its device does not answer gets -4011 between D and D + 1 s, the late answer
 * dropped. Where presence is in transition (the device went offline or came back shortly before
 * the command, or while it was in flight, and no app had heard of it yet), the hub's view may be
 * either, so whichever of -4010 and -4011 some legal ordering of the events allows is accepted:
 * -4010 (no later than a -4011 could come) or -4011 in its window.
 */
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import { type AppResponse, errorCodeOf } from './app-messages.js';
import {
  onlineAt,
  presenceChanges,
  presenceHeard,
  presenceUncertain,
  recordsOf,
  responseTo,
} from './device-view.js';
import type { ForwardingJudgement } from './forwarding.js';
import type { HubViolation } from './hub-violation.js';
import { judgeLateBetween } from './judge-late.js';
import { CLOCK_TOLERANCE_MS, type ResponseContext } from './response-context.js';
import { judgeForwardedAnswer, surelyInTime } from './responses-forwarded.js';

/** How much later than a hub's -4010 the device's own record of going offline may be. */
const OFFLINE_RECORD_SLACK_MS = 500;
/** After a device's late answer, how long the run watches that the hub does not pass it on too. */
const LATE_ANSWER_WATCH_MS = 250;

/** The latest a section 8 answer may come: `-4011` at D + 1 s. */
export function answerDeadline(request: AppRequest, record: HubRunRecord, t: ResolvedHubTimeouts): number {
  return request.sentAtMs + Math.max(record.deadlineMs + t.lateAfterDeadlineMs, t.offlineMs);
}

/** A command for a fleet device the token may reach: -4010, -4011, or (forwarded) the device's answer. */
export function judgeDeviceCommandAnswer(ctx: ResponseContext, deviceId: string): HubViolation[] {
  const { record, request, response, forwarding, t, code, elapsed } = ctx;
  const v = ctx.fail;
  const records = recordsOf(record, deviceId);
  const changes = presenceChanges(records);
  const heard = presenceHeard(record, deviceId, t.presenceMs);
  const late = (fromMs: number, toMs: number) => judgeLateBetween(record, fromMs, toMs);
  const uncertain = presenceUncertain(
    changes,
    request.sentAtMs,
    response.frame.atMs,
    t.presenceMs,
    heard,
    late,
  );
  const online = onlineAt(changes, request.sentAtMs);
  const D = record.deadlineMs;
  const lateOk = elapsed >= D - CLOCK_TOLERANCE_MS && elapsed <= D + t.lateAfterDeadlineMs + ctx.judgeLateMs;
  const forwarded = forwarding.matched.get(request);
  if (forwarded === undefined) {
    // In transition, the hub may have forwarded into the void and learned of the offline later:
    // its -4010 then comes no later than a -4011 could.
    const offlineBy = uncertain ? Math.max(t.offlineMs, D + t.lateAfterDeadlineMs) : t.offlineMs;
    if (code === -4010 && (uncertain || !online))
      return elapsed <= offlineBy + ctx.judgeLateMs ? [] : v('EDP-HUB-2', `-4010 within ${offlineBy} ms`);
    if (code === -4011 && uncertain)
      return lateOk
        ? []
        : v('EDP-HUB-2', `-4011 between D and D + ${t.lateAfterDeadlineMs} ms (D = ${D} ms)`);
    if (!online && !uncertain)
      return v('EDP-HUB-2', `${deviceId} is offline: -4010 within ${t.offlineMs} ms and nothing forwarded`);
    return v(
      'EDP-HUB-1',
      `the command reaches ${deviceId} once, params verbatim, and the app gets its answer (${deviceId} received no such request)`,
    );
  }
  const answer = responseTo(records, forwarded);
  // The answer's time is the fleet's record of sending it; on a starved process (the fleet runs in
  // the judge's) it may have reached the hub as much later as the judge's loop ran late meanwhile.
  const answeredInTime =
    answer !== undefined &&
    surelyInTime(request, forwarded, answer.atMs, D, Math.max(0, elapsed - D) + ctx.judgeLateMs);
  // In flight from the app's send on. The device records its offline presence once it is out (a
  // graceful one after the broker took it), so a hub may have heard of it a little before the
  // record's time; a device going offline may still receive and answer what was on its way.
  const wentOffline = changes.some(
    (c) =>
      !c.online &&
      c.atMs >= Math.min(request.sentAtMs, forwarded.atMs) - CLOCK_TOLERANCE_MS &&
      c.atMs <= response.frame.atMs + OFFLINE_RECORD_SLACK_MS,
  );
  if (code === -4011 || code === -4010) {
    // In flight when the device went offline: -4010 or -4011, whether or not its answer was on the
    // way. So too when the hub's view was in transition (an offline it learned only after
    // forwarding: its view went offline with the command in flight).
    const offlineInTransition = presenceUncertain(
      changes.filter((c) => !c.online),
      request.sentAtMs,
      response.frame.atMs,
      t.presenceMs,
      heard,
      late,
    );
    if (wentOffline || offlineInTransition)
      return code === -4011 && !lateOk
        ? v('EDP-HUB-2', `-4011 between D and D + ${t.lateAfterDeadlineMs} ms (D = ${D} ms)`)
        : [];
    if (answeredInTime)
      return v('EDP-HUB-1', `the app gets ${deviceId}'s answer ${JSON.stringify(answer?.message)}`);
    if (code === -4010 && !wentOffline) return v('EDP-HUB-2', `${deviceId} did not answer: -4011, not -4010`);
    if (code === -4011 && !lateOk)
      return v('EDP-HUB-2', `-4011 between D and D + ${t.lateAfterDeadlineMs} ms (D = ${D} ms)`);
    return [];
  }
  return judgeForwardedAnswer(ctx, deviceId, forwarded, answer, wentOffline);
}

/** A granted id that is in no fleet (a ghost): never online, so -4010 within 2 s. */
export function judgeNeverOnline(ctx: ResponseContext, deviceId: string): HubViolation[] {
  if (ctx.code !== -4010) return ctx.fail('EDP-HUB-2', `${deviceId} was never online: -4010`);
  return ctx.elapsed <= ctx.t.offlineMs + ctx.judgeLateMs
    ? []
    : ctx.fail('EDP-HUB-2', `-4010 within ${ctx.t.offlineMs} ms`);
}

/**
 * EDP-HUB-2, "the late answer dropped": a command answered -4011 (or -4010) whose device may
 * still answer. The run goes on until the device's answer has had time to come through the hub
 * (a second response), or, while the device has not answered, until D + 1 s after forwarding
 * (a slow device answers by then; a silent one never does).
 */
export function lateAnswerDue(
  record: HubRunRecord,
  request: AppRequest,
  response: AppResponse,
  forwarding: ForwardingJudgement,
  t: ResolvedHubTimeouts,
): number | undefined {
  if (request.intent.kind !== 'device-command') return undefined;
  const code = errorCodeOf(response);
  if (code !== -4011 && code !== -4010) return undefined;
  const forwarded = forwarding.matched.get(request);
  if (forwarded === undefined) return undefined;
  const answer = responseTo(recordsOf(record, request.intent.deviceId), forwarded);
  return answer === undefined
    ? forwarded.atMs + record.deadlineMs + t.lateAfterDeadlineMs
    : answer.atMs + LATE_ANSWER_WATCH_MS;
}
