/**
 * EDP-HUB-1 for app responses: a forwarded command's app gets that device's answer (its
 * `result` or `error`, equal as parsed JSON) under its own id, on the connection that asked,
 * and not another connection's. A device answer the hub surely had before D is one it had to
 * pass on (a -4011 then is this rule's violation, not EDP-HUB-2's).
 */
import type { ReceivedRequest } from '../fleet-port.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import { sameAnswer } from './answers.js';
import { type AppResponse, describeResponse } from './app-messages.js';
import { type DeviceResponse, recordsOf, responseTo } from './device-view.js';
import type { ForwardingJudgement } from './forwarding.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { judgeLateBetween } from './judge-late.js';
import type { ResponseContext } from './response-context.js';

/** A device answer this long before D is one the hub must pass on; this long after, one it must drop. */
export const DEADLINE_MARGIN_MS = 100;

/**
 * Whether the device's answer surely reached the hub before its deadline D: sent within the
 * first half of D, at least the margin before D, and before D by twice the time the command took
 * on its way in (app → hub → device). On a busy machine (or with 128 answers in flight at once)
 * the way back grows, so a hub that got the answer after D and answered -4011 is never blamed.
 * `hubLagMs`: how late the hub's own -4011 came after D (its view of the wire lags about as much),
 * plus how late the judge's (and in-process fleet's) loop ran: the answer may have reached the hub
 * that much after the fleet recorded it (issue 18: a -4011 is legal if the answer could have come after D).
 */
export function surelyInTime(
  request: AppRequest,
  forwarded: ReceivedRequest,
  answerAtMs: number,
  D: number,
  hubLagMs = 0,
): boolean {
  const wayIn = Math.max(0, forwarded.atMs - request.sentAtMs);
  return answerAtMs <= request.sentAtMs + D - Math.max(DEADLINE_MARGIN_MS, 2 * wayIn, D / 2) - hubLagMs;
}

/**
 * A forwarded command answered with something other than -4010/-4011: the device's answer,
 * equal as parsed JSON (EDP-HUB-1); one the device gave after D should have been -4011 and
 * dropped, and one the device never gave is no answer at all (EDP-HUB-2).
 */
export function judgeForwardedAnswer(
  ctx: ResponseContext,
  deviceId: string,
  forwarded: ReceivedRequest,
  answer: DeviceResponse | undefined,
  wentOffline: boolean,
): HubViolation[] {
  const { response, t, record } = ctx;
  if (answer === undefined)
    return wentOffline
      ? ctx.fail('EDP-HUB-2', `${deviceId} went offline with the command in flight: -4010 or -4011`)
      : ctx.fail(
          'EDP-HUB-2',
          `${deviceId} did not answer: -4011 between D and D + ${t.lateAfterDeadlineMs} ms`,
        );
  if (!sameAnswer(response, answer.message))
    return ctx.fail(
      'EDP-HUB-1',
      `the app gets ${deviceId}'s answer ${JSON.stringify(answer.message)} (equal as parsed JSON)`,
    );
  if (answer.atMs >= forwarded.atMs + record.deadlineMs + DEADLINE_MARGIN_MS)
    return ctx.fail('EDP-HUB-2', `${deviceId} answered after D: -4011, and the late answer dropped`);
  return [];
}

/** The device answered a forwarded command of this request in time (so delivering it was the hub's part, EDP-HUB-1). */
export function answeredInTimeByDevice(
  record: HubRunRecord,
  request: AppRequest,
  forwarding: ForwardingJudgement,
): boolean {
  if (request.intent.kind !== 'device-command') return false;
  const forwarded = forwarding.matched.get(request);
  if (forwarded === undefined) return false;
  const answer = responseTo(recordsOf(record, request.intent.deviceId), forwarded);
  if (answer === undefined) return false;
  const deadline = request.sentAtMs + record.deadlineMs;
  const lateMs = judgeLateBetween(record, request.sentAtMs, deadline);
  return surelyInTime(request, forwarded, answer.atMs, record.deadlineMs, lateMs);
}

/** A response on `connection` that is another connection's device answer, under that connection's id. */
export function answersAnotherConnection(
  record: HubRunRecord,
  connection: string,
  response: AppResponse,
  forwarding: ForwardingJudgement,
): boolean {
  const id = (response.frame.message as { id?: unknown }).id;
  for (const [request, forwarded] of forwarding.matched) {
    if (request.connection === connection || request.id !== id || request.intent.kind !== 'device-command')
      continue;
    const answer = responseTo(recordsOf(record, request.intent.deviceId), forwarded);
    if (answer !== undefined && sameAnswer(response, answer.message)) return true;
  }
  return false;
}

/** The device's own answer to this request's forwarded command. */
export function isOwnAnswer(
  record: HubRunRecord,
  request: AppRequest,
  response: AppResponse,
  forwarding: ForwardingJudgement,
): boolean {
  if (request.intent.kind !== 'device-command') return false;
  const forwarded = forwarding.matched.get(request);
  if (forwarded === undefined) return false;
  const answer = responseTo(recordsOf(record, request.intent.deviceId), forwarded);
  return answer !== undefined && sameAnswer(response, answer.message);
}

export function misroutedViolation(connection: string, response: AppResponse): HubViolation {
  return hubViolation(
    'EDP-HUB-1',
    `the answer reaches the connection that asked, under its own id`,
    `${connection} got ${describeResponse(response)}, another connection's device answer`,
    { lane: connection, atMs: response.frame.atMs },
  );
}
