/**
 * What a response to a run's request, or its absence, tells (sections 3 and 7): no response in
 * time breaks EDP-RPC-1 (or the rule the command names); a response with another id breaks
 * EDP-RPC-1; a message that is not one of section 3 breaks EDP-RPC-2 (result and error both) or
 * EDP-RPC-6; an answered request is kept for EDP-RPC-5 repeats.
 */
import type { ObservedResponse } from '../judge/judge-response.js';
import { type Violation, violation } from '../judge/violation.js';
import type { AnsweredRequest, Outgoing } from './run-types.js';

/** No response to `outgoing` within `deadlineMs`: the judge waited `waitedMs`, `judgeLateMs` of them its own lateness. */
export function missingResponse(
  outgoing: Outgoing,
  deadlineMs: number,
  waitedMs: number,
  judgeLateMs: number,
): Violation {
  const want = `a response with id ${outgoing.responseId ?? 'null'} within ${deadlineMs} ms`;
  return violation(outgoing.missingResponseRule ?? 'EDP-RPC-1', want, noResponseText(waitedMs, judgeLateMs));
}

/** The EDP-RPC-1 violation of a response carrying another id than `outgoing` asks for, if it does. */
export function wrongResponseId(outgoing: Outgoing, response: ObservedResponse): Violation | undefined {
  if (response.id === outgoing.responseId || outgoing.idJudgedElsewhere === true) return undefined;
  return violation('EDP-RPC-1', `a response with id ${outgoing.responseId}`, `id ${response.id}`);
}

/** `outgoing` as a later EDP-RPC-5 repeat may target it, when its response has a numeric id and it may be repeated. */
export function answeredRequest(outgoing: Outgoing, response: ObservedResponse): AnsweredRequest | undefined {
  if (typeof response.id !== 'number' || outgoing.repeatable === false) return undefined;
  const raw =
    'error' in response
      ? { id: response.id, error: response.error }
      : { id: response.id, result: response.result };
  return {
    id: response.id,
    description: outgoing.description,
    frame: outgoing.frame,
    binary: outgoing.binary === true,
    response: raw,
  };
}

/**
 * A message that is not one of section 3: with both `result` and `error` it breaks EDP-RPC-2,
 * otherwise EDP-RPC-6. It counts as not sent: a response it was meant to be shows up as missing
 * (EDP-RPC-1).
 */
export function invalidMessage(message: { readonly reason: string; readonly parsed?: unknown }): Violation {
  const rule = hasResultAndError(message.parsed) ? 'EDP-RPC-2' : 'EDP-RPC-6';
  return violation(rule, 'a message of section 3', message.reason);
}

/** What a missing response looks like in the counterexample: how long was waited, and how late the judge ran. */
function noResponseText(waitedMs: number, judgeLateMs: number): string {
  const waited = `no response (waited ${Math.round(waitedMs)} ms`;
  return judgeLateMs >= 1
    ? `${waited}, not counting ${Math.round(judgeLateMs)} ms the judge itself ran late)`
    : `${waited})`;
}

function hasResultAndError(parsed: unknown): boolean {
  return (
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.hasOwn(parsed, 'result') &&
    Object.hasOwn(parsed, 'error')
  );
}
