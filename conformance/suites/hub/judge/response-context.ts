/**
 * What the judge of one app response knows: the request, its first response, how long it took,
 * and `fail(rule, expected)`, which words a violation the same way for every response rule.
 */
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import { type AppResponse, describeResponse, errorCodeOf } from './app-messages.js';
import type { ForwardingJudgement } from './forwarding.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { judgeLateBetween } from './judge-late.js';

/** Tolerance for the clocks of app and device records (one clock; this covers rounding). */
export const CLOCK_TOLERANCE_MS = 2;

export interface ResponseContext {
  readonly record: HubRunRecord;
  readonly request: AppRequest;
  readonly response: AppResponse;
  readonly forwarding: ForwardingJudgement;
  readonly t: ResolvedHubTimeouts;
  readonly code: unknown;
  /** From the app sending the request to receiving the response. */
  readonly elapsed: number;
  /** The judge's own lateness in that time: added to every upper bound, never to a lower one. */
  readonly judgeLateMs: number;
  fail(rule: HubViolation['rule'], expected: string): HubViolation[];
}

export function responseContext(
  record: HubRunRecord,
  request: AppRequest,
  response: AppResponse,
  forwarding: ForwardingJudgement,
  t: ResolvedHubTimeouts,
): ResponseContext {
  const elapsed = response.frame.atMs - request.sentAtMs;
  const got = describeResponse(response);
  return {
    record,
    request,
    response,
    forwarding,
    t,
    code: errorCodeOf(response),
    elapsed,
    judgeLateMs: judgeLateBetween(record, request.sentAtMs, response.frame.atMs),
    fail: (rule, expected) => [
      hubViolation(
        rule,
        `${request.command}: ${expected}`,
        `the app got ${got} after ${Math.round(elapsed)} ms`,
        {
          lane: request.connection,
          atMs: response.frame.atMs,
        },
      ),
    ],
  };
}
