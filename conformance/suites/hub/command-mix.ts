/**
 * What each rule's property generates (one property per rule, PROTOCOL.md section 8): the same
 * commands in every mix, weighted towards what that rule judges, so a rule's exploration budget
 * goes to the sessions that can break it and its counterexamples stay short.
 * - EDP-HUB-1: device commands, in a row on one connection and at once on both connections of
 *   one token (the answer reaches the connection that asked), to devices that answer.
 * - EDP-HUB-2: devices turned offline, silent or slow, then commands to them (`event-then-command`); bad params and
 *   malformed frames; a `"*"` subscription now and then, so the session hears presence.
 * - EDP-HUB-3: subscribe (replacing, `"*"`, `[]`) on the connections of one token, devices
 *   notifying (several times in a row), going away, coming back and appearing after a `"*"`.
 * - EDP-HUB-4: subscriptions, then presence flaps (and devices appearing).
 * - EDP-HUB-5: everything, with ids not granted as often as granted ones.
 * `all` is the mix a replay without `--only` uses (every rule judged on one session).
 */
import type { HubRuleId } from './hub-rule-ids.js';

export type CommandKind =
  | 'device'
  | 'pipeline'
  | 'together'
  | 'list'
  | 'subscribe'
  | 'bad-params'
  | 'malformed'
  | 'fleet-event'
  | 'event-then-command'
  | 'settle'
  | 'burst'
  | 'unknown-token'
  | 'appear';

export type FleetEventKind = 'notify' | 'offline' | 'back' | 'silent' | 'slow' | 'normal';

export type MixFocus = HubRuleId | 'all';

export interface CommandMix {
  readonly commands: Readonly<Partial<Record<CommandKind, number>>>;
  readonly fleetEvents: Readonly<Partial<Record<FleetEventKind, number>>>;
  /** Weight of the participants' fleet devices against a ghost or an unknown id, per id. */
  readonly fleetIdWeight: number;
  /** Commands and subscription lists name the ids the connection's token is granted (else every id). */
  readonly grantedIds: boolean;
  /** A subscribe command sends up to this many subscriptions in a row on its connection (each replaces the last). */
  readonly maxSubscribeSets?: number;
  /** Weights of a subscription's `"*"`, `[]` and a list. */
  readonly subscriptions: { readonly star: number; readonly none: number; readonly list: number };
  /** A device notifies up to this many times in a row. */
  readonly maxNotifyTimes: number;
  /** After a presence change: wait until an app heard of it, or only briefly. */
  readonly presenceWait: 'until-heard' | 'brief';
  /** Connections: each token's first most of the time (`first`), or any (`any`). */
  readonly connections: 'first' | 'any';
}

const ALL: CommandMix = {
  commands: {
    device: 10,
    pipeline: 3,
    list: 2,
    subscribe: 6,
    'bad-params': 1,
    malformed: 1,
    'fleet-event': 7,
    settle: 2,
    burst: 1,
    'unknown-token': 1,
    appear: 2,
  },
  fleetEvents: { notify: 3, offline: 2, back: 2, silent: 2, slow: 2, normal: 1 },
  fleetIdWeight: 3,
  grantedIds: false,
  subscriptions: { star: 2, none: 2, list: 3 },
  maxNotifyTimes: 1,
  presenceWait: 'until-heard',
  connections: 'first',
};

export const COMMAND_MIXES: Readonly<Record<MixFocus, CommandMix>> = {
  all: ALL,
  'EDP-HUB-1': {
    commands: { device: 8, pipeline: 4, together: 5, list: 1, subscribe: 1, 'fleet-event': 3, settle: 2 },
    fleetEvents: { notify: 2, slow: 1, normal: 2, offline: 1, back: 1 },
    fleetIdWeight: 6,
    grantedIds: true,
    subscriptions: { star: 2, none: 2, list: 3 },
    maxNotifyTimes: 1,
    presenceWait: 'until-heard',
    connections: 'any',
  },
  'EDP-HUB-2': {
    commands: {
      device: 5,
      pipeline: 2,
      'event-then-command': 8,
      'bad-params': 3,
      malformed: 2,
      subscribe: 2,
      'fleet-event': 5,
      settle: 2,
    },
    fleetEvents: { silent: 3, slow: 3, offline: 3, back: 3, normal: 1 },
    fleetIdWeight: 4,
    grantedIds: true,
    subscriptions: { star: 2, none: 2, list: 3 },
    maxNotifyTimes: 1,
    presenceWait: 'until-heard',
    connections: 'first',
  },
  'EDP-HUB-3': {
    commands: { subscribe: 8, 'fleet-event': 8, appear: 4, device: 1, settle: 1 },
    fleetEvents: { notify: 6, offline: 2, back: 3 },
    fleetIdWeight: 3,
    grantedIds: true,
    subscriptions: { star: 4, none: 2, list: 3 },
    maxSubscribeSets: 3,
    maxNotifyTimes: 3,
    presenceWait: 'brief',
    connections: 'first',
  },
  'EDP-HUB-4': {
    commands: { subscribe: 6, 'fleet-event': 9, appear: 2, device: 1 },
    fleetEvents: { offline: 4, back: 4, notify: 1 },
    fleetIdWeight: 3,
    grantedIds: true,
    subscriptions: { star: 3, none: 1, list: 3 },
    maxNotifyTimes: 1,
    presenceWait: 'brief',
    connections: 'first',
  },
  'EDP-HUB-5': { ...ALL, fleetIdWeight: 1 },
};

/** The mix of a property judging `rules`: the rule's own when it is one, else `all`. */
export function mixFor(rules: readonly HubRuleId[]): MixFocus {
  return rules.length === 1 ? (rules[0] as HubRuleId) : 'all';
}
