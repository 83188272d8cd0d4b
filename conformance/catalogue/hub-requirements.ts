/**
 * The hub catalogue: one entry per hub rule of PROTOCOL.md section 8 (EDP-HUB-1..5), judged by
 * property-based app sessions against the fleet's own records (conformance/suites/hub/).
 * The hub suite's owner words and refines these entries; nothing else needs to change for a
 * hub rule to appear in results and reports.
 */
import type { HubMode } from '../../src/result/index.js';
import type { Applicability, HubRequirement } from './requirements.js';
import type { RuleId } from './rule-ids.js';

const FULL: Applicability = { run: 'full' };
const EVERY_HUB_MODE: Readonly<Record<HubMode, Applicability>> = { 'hub-command': FULL, 'hub-url': FULL };

const hub = (id: RuleId, statement: string): HubRequirement => ({
  subject: 'hub',
  id,
  section: 8,
  statement,
  bindings: ['mqtt', 'ws'],
  kind: 'model-based',
  modes: EVERY_HUB_MODE,
});

export const HUB_REQUIREMENTS: readonly HubRequirement[] = Object.freeze([
  hub(
    'EDP-HUB-1',
    'A command reaches exactly the named device, once (one fresh device request id, never resent), with its params verbatim, in the connection’s order per device, and the app gets that device’s answer, equal as parsed JSON, under its own id.',
  ),
  hub(
    'EDP-HUB-2',
    'A command to an offline device is not forwarded and fails with -4010 within 2 s; to a device that does not answer, -4011 between D and D + 1 s and the late answer dropped; params without a string deviceId (or items) get -32602, nothing forwarded; every app request gets exactly one response.',
  ),
  hub(
    'EDP-HUB-3',
    'Every device notification reaches every connection subscribed to that device once, within 1 s, in the hub’s order of receipt per device, and no other connection; subscribe replaces the set, "*" covers devices that appear later, [] unsubscribes.',
  ),
  hub('EDP-HUB-4', 'Presence changes reach subscribers within 2 s, and only changes.'),
  hub(
    'EDP-HUB-5',
    'A token sees only the devices it is granted: devices.list lists exactly them, sorted, offline ones included, model null when never seen; any other id gets -4012 with the same message whether it exists or not and reaches no device; nothing of another device reaches the token.',
  ),
]);

/**
 * How the hub judge reads section 8 where it leaves a choice, and where the checks without a
 * number of their own are charged. Shown in reports and the closing note of issue 10.
 */
export const HUB_READINGS: Readonly<
  Record<'EDP-HUB-1' | 'EDP-HUB-2' | 'EDP-HUB-3' | 'EDP-HUB-4' | 'EDP-HUB-5', readonly string[]>
> = Object.freeze({
  'EDP-HUB-1': [
    'params equal as parsed JSON: get/set `items` verbatim, an action without `deviceId` (a missing `in` stays missing), get_model params ignored',
    'a fresh id is an integer 1..2^31−1 not used for that device within the last 60 s',
    'order is judged between commands of one connection to one device whose requests are unique in the run',
    'capacity (8 connections × 16 in flight) is charged here: -4013, or a lost or misrouted answer, within it means the app did not get the device’s answer',
  ],
  'EDP-HUB-2': [
    'times are measured from the app sending the request (the hub receives it later), on one clock with the fleet',
    'the hub may not know of a presence change until an app hears of it or 2 s pass: -4010 and forwarding both pass then',
    'an array frame (-32600), text that is not JSON (-32700) and an unknown method (-32601) are app requests owed one response: charged here',
    'a hub that closes an app connection, floods it, or sends what is not a section 3 message fails this rule',
  ],
  'EDP-HUB-3': [
    'the subscription set follows the hub’s own answers ({} replaces, an error changes nothing); while a subscribe is unanswered both sets pass',
    'a wrong answer to subscribe is charged here, or to EDP-HUB-5 when the list names an id not granted',
  ],
  'EDP-HUB-4': [
    'measured from the fleet recording the change (the device publishing its state, the will, or its close)',
  ],
  'EDP-HUB-5': [
    'a token the hub does not know is granted nothing: HTTP 401 before the upgrade is charged here',
    'for "*", ids that only other tokens’ lists name and that never came online may be listed (model null) or refused',
    '"granted to nobody" means named by no list grant: the "*" token covers every device',
  ],
});
