/**
 * EDP-HUB-5 for app responses (and EDP-HUB-3 for the answer to a subscribe): a command or a
 * subscription naming an id the token is not granted gets -4012 and reaches nothing; unknown
 * and not granted get the same code and message; a subscribe to granted devices (or "*") gets
 * {}. For a "*" token, a ghost (an id only other tokens' lists name, never seen) may be either.
 */
import { jsonEqual } from '../../../judge/value-equality.js';
import type { HubRunRecord } from '../hub-run-record.js';
import { type AppResponse, describeResponse, errorCodeOf, type SortedAppMessages } from './app-messages.js';
import { accessOf } from './grants.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import type { ResponseContext } from './response-context.js';

export function judgeSubscribeAnswer(
  ctx: ResponseContext,
  deviceIds: readonly string[] | '*',
): HubViolation[] {
  const { record, request, response, code } = ctx;
  const v = ctx.fail;
  if (deviceIds === '*') return isEmptyResult(response) ? [] : v('EDP-HUB-3', 'subscribe "*" → {}');
  const access = deviceIds.map((id) => accessOf(record, request.app, id));
  if (access.includes('refused'))
    return code === -4012 ? [] : v('EDP-HUB-5', 'a subscription list with an id not granted gets -4012');
  if (access.includes('either'))
    return code === -4012 || isEmptyResult(response) ? [] : v('EDP-HUB-3', '{} or -4012');
  return isEmptyResult(response) ? [] : v('EDP-HUB-3', 'subscribe to granted devices → {}');
}

/** A command for an id the token is not granted: -4012, nothing forwarded. */
export function judgeRefusedCommand(ctx: ResponseContext, deviceId: string): HubViolation[] {
  return ctx.code === -4012
    ? []
    : ctx.fail('EDP-HUB-5', `${deviceId} is not granted to ${ctx.request.app}: -4012, nothing forwarded`);
}

export function isEmptyResult(response: AppResponse): boolean {
  return response.hasResult && !response.hasError && jsonEqual(response.result, {});
}

/** EDP-HUB-5: the same code and message for unknown and not granted, so an app cannot tell them apart. */
export function judgeRefusalMessages(record: HubRunRecord, sorted: SortedAppMessages): HubViolation[] {
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
