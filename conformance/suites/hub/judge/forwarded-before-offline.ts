/**
 * A command answered -4010 whose forward reached the device only after the app had that answer
 * (EDP-HUB-2, "a command still outstanding when its device goes offline MUST get one of -4010
 * and -4011"): the hub forwarded it while its view still had the device online, then learned of
 * an offline (the device's own, or one still in transition: made shortly before, unheard by any
 * app) and answered -4010 at once. The forward goes hub → broker → device, the answer hub → app:
 * the forward may land a little after the answer although it left the hub first (issue 18, legal
 * hub histories at seed 23: a get_properties received 2.4 ms after its -4010, an offline made
 * 1.4 s before the session still unheard).
 *
 * Pairing such a request with the command is the reading with the fewest violations whatever the
 * presence: unpaired, the request is an unasked one (EDP-HUB-1) on top of whatever the -4010 costs;
 * paired, the -4010 is judged as a forwarded command's (responses-offline-timeout.ts: legal when
 * the device went offline or its offline was in transition, else one violation).
 */
import type { ReceivedRequest } from '../fleet-port.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import type { AppResponse } from './app-messages.js';
import { judgeLateBetween } from './judge-late.js';

/**
 * How much later than the app's -4010 its forward may reach the device: the extra hop through
 * the broker, on one busy process clock (the judge's own measured lateness comes on top). Small,
 * so the resend of a later identical command does not pass for this one's forward.
 */
export const FORWARD_AFTER_ANSWER_MS = 100;

/** Whether `received` may be the forward of `command`, answered -4010 by `response` before it landed. */
export function landedJustAfterAnswer(
  record: HubRunRecord,
  command: AppRequest,
  response: AppResponse,
  received: ReceivedRequest,
): boolean {
  const answeredAt = response.frame.atMs;
  return (
    received.atMs >= command.sentAtMs &&
    received.atMs <=
      answeredAt + FORWARD_AFTER_ANSWER_MS + judgeLateBetween(record, answeredAt, received.atMs)
  );
}
