/**
 * The hub requirement catalogue: one entry per rule of PROTOCOL.md section 8, in the protocol's
 * words, with the checks outside the numbered rules named where they are charged (an unknown
 * token and the capacity of section 8 have no number of their own).
 */
import type { HubRuleId } from '../suites/hub/hub-rule-ids.js';

export interface HubRequirement {
  readonly id: HubRuleId;
  readonly section: 8;
  readonly statement: string;
  /** How the judge reads the rule where section 8 leaves a choice; the report may show it. */
  readonly readings: readonly string[];
}

export const HUB_REQUIREMENTS: readonly HubRequirement[] = Object.freeze([
  {
    id: 'EDP-HUB-1',
    section: 8,
    statement:
      "A command reaches exactly the named device, once (one fresh device request id), with its params verbatim, in the connection's order, and the app gets that device's answer under its own id.",
    readings: [
      'params equal as parsed JSON: get/set `items` verbatim, an action without `deviceId` (a missing `in` stays missing), get_model params ignored',
      'a fresh id is an integer 1..2^31−1 not used for that device within the last 60 s',
      'order is judged between commands of one connection to one device whose requests are unique in the run',
      'within the capacity (8 connections × 16 in flight), -4013 or a lost or misrouted answer fails this rule',
    ],
  },
  {
    id: 'EDP-HUB-2',
    section: 8,
    statement:
      'Offline: -4010 within 2 s, nothing forwarded; no answer: -4011 between D and D + 1 s, the late answer dropped; every app request exactly one response; bad params -32602, nothing forwarded.',
    readings: [
      'times are measured from the app sending the request (the hub receives it later), on one clock with the fleet',
      'the hub may not know of a presence change until an app hears of it or 2 s pass: -4010 and forwarding both pass then',
      'an array frame (-32600), text that is not JSON (-32700) and an unknown method (-32601) are app requests owed one response',
      'a hub that closes an app connection, floods it, or sends what is not a section 3 message fails this rule',
    ],
  },
  {
    id: 'EDP-HUB-3',
    section: 8,
    statement:
      'Each device notification reaches every connection subscribed to that device within 1 s, once, in per-device order, and no other; subscribe replaces, "*" covers later devices, [] unsubscribes.',
    readings: [
      "the subscription set follows the hub's own answers ({} replaces, an error changes nothing); while a subscribe is unanswered both sets pass",
      'a wrong answer to subscribe is charged to this rule, or to EDP-HUB-5 when the list names an id not granted',
    ],
  },
  {
    id: 'EDP-HUB-4',
    section: 8,
    statement: 'Presence changes reach subscribers within 2 s, and only changes do.',
    readings: [
      'measured from the fleet recording the change (the device publishing its state, the will, or its close)',
    ],
  },
  {
    id: 'EDP-HUB-5',
    section: 8,
    statement:
      'A token sees only its granted devices: devices.list lists exactly them, sorted, offline ones included, model null when never seen; any other id gets -4012 with one message and reaches no device; nothing of another device reaches it.',
    readings: [
      'a token the hub does not know is granted nothing: HTTP 401 before the upgrade is judged here',
      'for "*", ids that only other tokens\' lists name and that never came online may be listed (model null) or refused',
    ],
  },
] satisfies HubRequirement[]);

export function hubRequirement(id: HubRuleId): HubRequirement {
  return HUB_REQUIREMENTS.find((r) => r.id === id) as HubRequirement;
}
