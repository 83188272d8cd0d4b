/**
 * Every app request's response (EDP-HUB-1, -2, -5; subscribe answers EDP-HUB-3/-5): exactly one,
 * under the app's own id; a forwarded command gets the device's answer, equal as parsed JSON;
 * an offline device `-4010` within 2 s; a device that does not answer `-4011` between D and
 * D + 1 s, its late answer dropped; bad params `-32602`; anything not granted `-4012`, the same
 * message every time.
 */
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import { type AppResponse, describeResponse, type SortedAppMessages } from './app-messages.js';
import { judgeList } from './device-list.js';
import type { ForwardingJudgement } from './forwarding.js';
import { accessOf } from './grants.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { CLOCK_TOLERANCE_MS, responseContext } from './response-context.js';
import {
  answeredInTimeByDevice,
  answersAnotherConnection,
  isOwnAnswer,
  misroutedViolation,
} from './responses-forwarded.js';
import { judgeRefusalMessages, judgeRefusedCommand, judgeSubscribeAnswer } from './responses-grants.js';
import {
  answerDeadline,
  judgeDeviceCommandAnswer,
  judgeNeverOnline,
  lateAnswerDue,
} from './responses-offline-timeout.js';

export interface ResponseJudgement {
  readonly violations: readonly HubViolation[];
  /** The run must go on until this time before a missing response can be judged. */
  readonly pendingUntilMs?: number;
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
  // Frames beyond the recording limit may have held any response: on a flooded connection a
  // missing one is explained by the flood, already one EDP-HUB-2 violation (judge-hub-run.ts).
  const flooded = new Set(record.connections.filter((c) => c.droppedFrames > 0).map((c) => c.name));
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
      else if (flooded.has(request.connection)) continue;
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

/** EDP-HUB-2: a response under an id the connection never sent (or more id-null errors than frames that earn one). */
/**
 * One response, judged by what the request meant: each intent's reasoning lives with its rule
 * (responses-grants.ts EDP-HUB-5, responses-offline-timeout.ts EDP-HUB-2, responses-forwarded.ts
 * EDP-HUB-1, device-list.ts the list).
 */
function judgeOne(
  record: HubRunRecord,
  request: AppRequest,
  response: AppResponse,
  forwarding: ForwardingJudgement,
  t: ResolvedHubTimeouts,
): HubViolation[] {
  const ctx = responseContext(record, request, response, forwarding, t);
  const intent = request.intent;
  switch (intent.kind) {
    case 'bad-params':
      return ctx.code === -32602
        ? []
        : ctx.fail('EDP-HUB-2', 'params without a string deviceId (or items) get -32602');
    case 'envelope':
      return ctx.code === intent.code
        ? []
        : ctx.fail('EDP-HUB-2', `a frame that is not a valid request gets ${intent.code}`);
    case 'list':
      return judgeList(record, request, response, t);
    case 'subscribe':
      return judgeSubscribeAnswer(ctx, intent.deviceIds);
    case 'device-command': {
      const access = accessOf(record, request.app, intent.deviceId);
      if (access === 'refused') return judgeRefusedCommand(ctx, intent.deviceId);
      if (record.fleetIds.includes(intent.deviceId)) return judgeDeviceCommandAnswer(ctx, intent.deviceId);
      return access === 'either' && ctx.code === -4012 ? [] : judgeNeverOnline(ctx, intent.deviceId);
    }
  }
}

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
