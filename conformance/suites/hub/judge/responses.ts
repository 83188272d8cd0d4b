/**
 * Every app request's response (EDP-HUB-1, -2, -5; subscribe answers EDP-HUB-3/-5): exactly one,
 * under the app's own id; a forwarded command gets the device's answer, equal as parsed JSON;
 * an offline device `-4010` within 2 s; a device that does not answer `-4011` between D and
 * D + 1 s, its late answer dropped; bad params `-32602`; anything not granted `-4012`, the same
 * message every time.
 */
import { jsonEqual } from '../../../oracle/value-equality.js';
import type { ReceivedRequest } from '../fleet-port.js';
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import { sameAnswer } from './answers.js';
import { type AppResponse, describeResponse, errorCodeOf, type SortedAppMessages } from './app-messages.js';
import { judgeList } from './device-list.js';
import {
  onlineAt,
  presenceChanges,
  presenceHeard,
  presenceUncertain,
  recordsOf,
  responseTo,
} from './device-view.js';
import type { ForwardingJudgement } from './forwarding.js';
import { accessOf } from './grants.js';
import { type HubViolation, hubViolation } from './hub-violation.js';

const CLOCK_TOLERANCE_MS = 2;
/** A device answer this long before D is one the hub must pass on; this long after, one it must drop. */
const DEADLINE_MARGIN_MS = 100;

/**
 * Whether the device's answer surely reached the hub before its deadline D: sent within the
 * first half of D, at least the margin before D, and before D by twice the time the command took
 * on its way in (app → hub → device). On a busy machine (or with 128 answers in flight at once)
 * the way back grows, so a hub that got the answer after D and answered -4011 is never blamed.
 * `hubLagMs`: how late the hub's own -4011 came after D (its view of the wire lags about as much).
 */
function surelyInTime(
  request: AppRequest,
  forwarded: ReceivedRequest,
  answerAtMs: number,
  D: number,
  hubLagMs = 0,
): boolean {
  const wayIn = Math.max(0, forwarded.atMs - request.sentAtMs);
  return answerAtMs <= request.sentAtMs + D - Math.max(DEADLINE_MARGIN_MS, 2 * wayIn, D / 2) - hubLagMs;
}
/** How much later than a hub's -4010 the device's own record of going offline may be. */
const OFFLINE_RECORD_SLACK_MS = 500;
/** After a device's late answer, how long the run watches that the hub does not pass it on too. */
const LATE_ANSWER_WATCH_MS = 250;

export interface ResponseJudgement {
  readonly violations: readonly HubViolation[];
  /** The run must go on until this time before a missing response can be judged. */
  readonly pendingUntilMs?: number;
}

/** The latest a section 8 answer may come: `-4011` at D + 1 s. */
export function answerDeadline(request: AppRequest, record: HubRunRecord, t: ResolvedHubTimeouts): number {
  return request.sentAtMs + Math.max(record.deadlineMs + t.lateAfterDeadlineMs, t.offlineMs);
}

export function judgeResponses(
  record: HubRunRecord,
  sorted: SortedAppMessages,
  forwarding: ForwardingJudgement,
  t: ResolvedHubTimeouts,
): ResponseJudgement {
  const violations: HubViolation[] = [];
  let pendingUntilMs: number | undefined;
  const nullIdSeen = new Map<string, number>();
  for (const request of record.requests) {
    const byId = sorted.responses.get(request.connection);
    let responses: readonly AppResponse[];
    if (request.id === null) {
      // Envelope errors without an id: the n-th such request on a connection gets the n-th null-id response.
      const n = nullIdSeen.get(request.connection) ?? 0;
      nullIdSeen.set(request.connection, n + 1);
      const all = byId?.get(null) ?? [];
      responses = all[n] === undefined ? [] : [all[n] as AppResponse];
    } else {
      // A response before the request went out, or another connection's device answer, is not this request's.
      const all = byId?.get(request.id) ?? [];
      // A lone response is read as the request's own (a wrong answer at worst), not as a misroute.
      const stray = all.filter(
        (r) =>
          r.frame.atMs < request.sentAtMs - CLOCK_TOLERANCE_MS ||
          (all.length > 1 &&
            answersAnotherConnection(record, request.connection, r, forwarding) &&
            !isOwnAnswer(record, request, r, forwarding)),
      );
      for (const r of stray) violations.push(misroutedViolation(request.connection, r));
      responses = all.filter((r) => !stray.includes(r));
    }
    const where = { lane: request.connection, atMs: request.sentAtMs };
    const first = responses[0];
    if (first === undefined) {
      const deadline = answerDeadline(request, record, t);
      if (record.endMs < deadline) pendingUntilMs = Math.max(pendingUntilMs ?? 0, deadline);
      else if (
        request.intent.kind === 'device-command' &&
        accessOf(record, request.app, request.intent.deviceId) === 'refused'
      )
        violations.push(
          hubViolation(
            'EDP-HUB-5',
            `${request.command}: ${request.intent.deviceId} is not granted to ${request.app}: -4012`,
            `no response within ${Math.round(deadline - request.sentAtMs)} ms`,
            where,
          ),
        );
      else if (answeredInTimeByDevice(record, request, forwarding))
        violations.push(
          hubViolation(
            'EDP-HUB-1',
            `${request.command}: the app gets the device's answer under its own id`,
            'the device answered in time, but this connection got no response',
            where,
          ),
        );
      else
        violations.push(
          hubViolation(
            'EDP-HUB-2',
            `every app request gets exactly one response (${request.command})`,
            `no response within ${Math.round(deadline - request.sentAtMs)} ms`,
            where,
          ),
        );
      continue;
    }
    // A second response equal to this request's own device answer is a repeat, not a misroute.
    const misrouted = responses
      .slice(1)
      .find(
        (r) =>
          answersAnotherConnection(record, request.connection, r, forwarding) &&
          !isOwnAnswer(record, request, r, forwarding),
      );
    if (misrouted !== undefined) violations.push(misroutedViolation(request.connection, misrouted));
    else if (responses.length > 1)
      violations.push(
        hubViolation(
          'EDP-HUB-2',
          `every app request gets exactly one response (${request.command})`,
          `${responses.length} responses with id ${request.id}: ${responses.map(describeResponse).join(', ')}`,
          { lane: request.connection, atMs: (responses[1] as AppResponse).frame.atMs },
        ),
      );
    violations.push(...judgeOne(record, request, first, forwarding, t));
    const lateDue = lateAnswerDue(record, request, first, forwarding, t);
    if (lateDue !== undefined && record.endMs < lateDue)
      pendingUntilMs = Math.max(pendingUntilMs ?? 0, lateDue);
  }
  violations.push(
    ...judgeRefusalMessages(record, sorted),
    ...judgeStrayResponses(record, sorted, forwarding),
  );
  return pendingUntilMs === undefined ? { violations } : { violations, pendingUntilMs };
}

function judgeOne(
  record: HubRunRecord,
  request: AppRequest,
  response: AppResponse,
  forwarding: ForwardingJudgement,
  t: ResolvedHubTimeouts,
): HubViolation[] {
  const where = { lane: request.connection, atMs: response.frame.atMs };
  const got = describeResponse(response);
  const code = errorCodeOf(response);
  const elapsed = response.frame.atMs - request.sentAtMs;
  const v = (rule: HubViolation['rule'], expected: string) => [
    hubViolation(
      rule,
      `${request.command}: ${expected}`,
      `the app got ${got} after ${Math.round(elapsed)} ms`,
      where,
    ),
  ];
  const intent = request.intent;
  switch (intent.kind) {
    case 'bad-params':
      return code === -32602 ? [] : v('EDP-HUB-2', 'params without a string deviceId (or items) get -32602');
    case 'envelope':
      return code === intent.code
        ? []
        : v('EDP-HUB-2', `a frame that is not a valid request gets ${intent.code}`);
    case 'list':
      return judgeList(record, request, response, t);
    case 'subscribe': {
      if (intent.deviceIds === '*')
        return isEmptyResult(response) ? [] : v('EDP-HUB-3', 'subscribe "*" → {}');
      const access = intent.deviceIds.map((id) => accessOf(record, request.app, id));
      if (access.includes('refused'))
        return code === -4012 ? [] : v('EDP-HUB-5', 'a subscription list with an id not granted gets -4012');
      if (access.includes('either'))
        return code === -4012 || isEmptyResult(response) ? [] : v('EDP-HUB-3', '{} or -4012');
      return isEmptyResult(response) ? [] : v('EDP-HUB-3', 'subscribe to granted devices → {}');
    }
    case 'device-command':
      break;
  }
  const deviceId = intent.deviceId;
  const access = accessOf(record, request.app, deviceId);
  if (access === 'refused')
    return code === -4012
      ? []
      : v('EDP-HUB-5', `${deviceId} is not granted to ${request.app}: -4012, nothing forwarded`);
  if (!record.fleetIds.includes(deviceId)) {
    if (access === 'either' && code === -4012) return [];
    if (code !== -4010) return v('EDP-HUB-2', `${deviceId} was never online: -4010`);
    return elapsed <= t.offlineMs ? [] : v('EDP-HUB-2', `-4010 within ${t.offlineMs} ms`);
  }
  const records = recordsOf(record, deviceId);
  const changes = presenceChanges(records);
  const uncertain = presenceUncertain(
    changes,
    request.sentAtMs,
    response.frame.atMs,
    t.presenceMs,
    presenceHeard(record, deviceId),
  );
  const online = onlineAt(changes, request.sentAtMs);
  const D = record.deadlineMs;
  const lateOk = elapsed >= D - CLOCK_TOLERANCE_MS && elapsed <= D + t.lateAfterDeadlineMs;
  const forwarded = forwarding.matched.get(request);
  if (forwarded === undefined) {
    // In transition, the hub may have forwarded into the void and learned of the offline later:
    // its -4010 then comes no later than a -4011 could.
    const offlineBy = uncertain ? Math.max(t.offlineMs, D + t.lateAfterDeadlineMs) : t.offlineMs;
    if (code === -4010 && (uncertain || !online))
      return elapsed <= offlineBy ? [] : v('EDP-HUB-2', `-4010 within ${offlineBy} ms`);
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
  const answeredInTime =
    answer !== undefined && surelyInTime(request, forwarded, answer.atMs, D, Math.max(0, elapsed - D));
  const answeredLate = answer === undefined || answer.atMs >= forwarded.atMs + D + DEADLINE_MARGIN_MS;
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
    if (wentOffline || (uncertain && changes.some((c) => !c.online && c.atMs <= response.frame.atMs)))
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
  if (answer === undefined)
    return wentOffline
      ? v('EDP-HUB-2', `${deviceId} went offline with the command in flight: -4010 or -4011`)
      : v('EDP-HUB-2', `${deviceId} did not answer: -4011 between D and D + ${t.lateAfterDeadlineMs} ms`);
  if (!sameAnswer(response, answer.message))
    return v(
      'EDP-HUB-1',
      `the app gets ${deviceId}'s answer ${JSON.stringify(answer.message)} (equal as parsed JSON)`,
    );
  if (answeredLate) return v('EDP-HUB-2', `${deviceId} answered after D: -4011, and the late answer dropped`);
  return [];
}

/**
 * EDP-HUB-2, "the late answer dropped": a command answered -4011 (or -4010) whose device may
 * still answer. The run goes on until the device's answer has had time to come through the hub
 * (a second response), or, while the device has not answered, until D + 1 s after forwarding
 * (a slow device answers by then; a silent one never does).
 */
function lateAnswerDue(
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

function isEmptyResult(response: AppResponse): boolean {
  return response.hasResult && !response.hasError && jsonEqual(response.result, {});
}

/** EDP-HUB-5: the same code and message for unknown and not granted, so an app cannot tell them apart. */
function judgeRefusalMessages(record: HubRunRecord, sorted: SortedAppMessages): HubViolation[] {
  let first: AppResponse | undefined;
  for (const request of record.requests) {
    if (request.id === null) continue;
    const response = sorted.responses.get(request.connection)?.get(request.id)?.[0];
    if (response === undefined || errorCodeOf(response) !== -4012) continue;
    if (first === undefined) first = response;
    else if (!jsonEqual(first.error?.message, response.error?.message))
      return [
        hubViolation(
          'EDP-HUB-5',
          `-4012 with the same message for unknown and ungranted ids (${JSON.stringify(first.error?.message)})`,
          `${request.command} got ${describeResponse(response)}`,
          { lane: request.connection, atMs: response.frame.atMs },
        ),
      ];
  }
  return [];
}

/** EDP-HUB-2: a response under an id the connection never sent (or more id-null errors than frames that earn one). */
function judgeStrayResponses(
  record: HubRunRecord,
  sorted: SortedAppMessages,
  forwarding: ForwardingJudgement,
): HubViolation[] {
  const out: HubViolation[] = [];
  for (const [connection, byId] of sorted.responses) {
    const mine = record.requests.filter((r) => r.connection === connection);
    for (const [id, responses] of byId) {
      const owed =
        id === null ? mine.filter((r) => r.id === null).length : mine.some((r) => r.id === id) ? 1 : 0;
      const stray = id === null ? responses.slice(owed) : owed === 0 ? responses : [];
      for (const response of stray)
        out.push(
          answersAnotherConnection(record, connection, response, forwarding)
            ? misroutedViolation(connection, response)
            : hubViolation(
                'EDP-HUB-2',
                `responses on ${connection} only to its own requests, under their ids`,
                `the hub sent ${describeResponse(response)}, answering no request of ${connection}`,
                { lane: connection, atMs: response.frame.atMs },
              ),
        );
    }
  }
  return out;
}

/** The device answered a forwarded command of this request in time (so delivering it was the hub's part, EDP-HUB-1). */
function answeredInTimeByDevice(
  record: HubRunRecord,
  request: AppRequest,
  forwarding: ForwardingJudgement,
): boolean {
  if (request.intent.kind !== 'device-command') return false;
  const forwarded = forwarding.matched.get(request);
  if (forwarded === undefined) return false;
  const answer = responseTo(recordsOf(record, request.intent.deviceId), forwarded);
  return answer !== undefined && surelyInTime(request, forwarded, answer.atMs, record.deadlineMs);
}

/** A response on `connection` that is another connection's device answer, under that connection's id. */
function answersAnotherConnection(
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
function isOwnAnswer(
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

function misroutedViolation(connection: string, response: AppResponse): HubViolation {
  return hubViolation(
    'EDP-HUB-1',
    `the answer reaches the connection that asked, under its own id`,
    `${connection} got ${describeResponse(response)}, another connection's device answer`,
    { lane: connection, atMs: response.frame.atMs },
  );
}
