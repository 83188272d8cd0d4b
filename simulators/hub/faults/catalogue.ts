/** Every planted hub fault with the one rule it breaks; docs/faults.md (hub section) explains each, a test keeps them in step. */
import type { HubFaultDefinition, HubFaultName, HubRule } from './types.js';

const fault = (name: HubFaultName, breaks: HubRule, description: string): HubFaultDefinition =>
  Object.freeze({ name, breaks, description });

export const HUB_FAULT_CATALOGUE: readonly HubFaultDefinition[] = Object.freeze([
  fault(
    'forward-twice',
    'EDP-HUB-1',
    'Forwards every command twice, under two different device request ids; the app gets the first answer.',
  ),
  fault(
    'reuse-request-id',
    'EDP-HUB-1',
    'Sends a command under the device request id of the previous command to that device (within 60 s), so the device answers it from its duplicate window.',
  ),
  fault(
    'drop-action-in',
    'EDP-HUB-1',
    'Forwards devices.action without its `in` member: the device receives other params than the app sent.',
  ),
  fault(
    'keep-device-id',
    'EDP-HUB-1',
    'Forwards devices.action params with `deviceId` still in them instead of removing it.',
  ),
  fault(
    'reorder-commands',
    'EDP-HUB-1',
    "Holds one connection's command to a device for 100 ms and lets the next command to that device overtake it.",
  ),
  fault(
    'answer-wrong-connection',
    'EDP-HUB-1',
    'Sends the answer to another open connection of the same token (when there is one) instead of the connection that asked.',
  ),
  fault(
    'never-time-out',
    'EDP-HUB-2',
    'Never answers -4011: a command to a device that does not answer stays without a response.',
  ),
  fault(
    'time-out-early',
    'EDP-HUB-2',
    'Answers -4011 after half of deadline_ms instead of after deadline_ms.',
  ),
  fault(
    'forward-to-offline',
    'EDP-HUB-2',
    'Forwards commands to offline devices instead of answering -4010 at once (the app gets -4011 after the deadline).',
  ),
  fault(
    'forward-late-answer',
    'EDP-HUB-2',
    'After answering -4011, also forwards the late device answer under the same app id (two responses to one request).',
  ),
  fault(
    'drop-app-notifications',
    'EDP-HUB-3',
    "Drops the first notification of each device and every second one after it (the 1st, 3rd, 5th…) instead of sending them to the device's subscribers.",
  ),
  fault(
    'notify-unsubscribed',
    'EDP-HUB-3',
    'Sends device notifications to every connection granted the device, subscribed or not.',
  ),
  fault(
    'subscribe-appends',
    'EDP-HUB-3',
    'subscribe adds the listed devices to the subscription set instead of replacing it (so `[]` unsubscribes nothing).',
  ),
  fault(
    'star-misses-later',
    'EDP-HUB-3',
    'subscribe "*" relays device notifications only from the granted devices online at that moment: a device that comes online later (or back) is missed (its presence still arrives).',
  ),
  fault(
    'star-leaks-ungranted',
    'EDP-HUB-5',
    'subscribe "*" on a token granted a list relays the notifications of every device the hub knows, granted to the token or not (presence stays within the grant).',
  ),
  fault(
    'presence-twice',
    'EDP-HUB-4',
    'Sends every device.presence twice: the second one reports no change.',
  ),
  fault('no-app-presence', 'EDP-HUB-4', 'Never sends device.presence.'),
  fault(
    'ws-close-not-offline',
    'EDP-HUB-4',
    "Never announces a WebSocket device's connection closing as offline presence (its `hello` after a reconnect still announces online; MQTT presence is untouched).",
  ),
  fault(
    'list-ungranted',
    'EDP-HUB-5',
    'devices.list lists every device the hub knows, granted to the token or not.',
  ),
  fault(
    'tell-unknown-from-ungranted',
    'EDP-HUB-5',
    'Answers -4012 with a different message for an unknown device than for a known device that is not granted, so an app can tell them apart.',
  ),
  fault(
    'forward-ungranted',
    'EDP-HUB-5',
    'Forwards commands to devices that exist but are not granted to the token, instead of answering -4012.',
  ),
  // Issue 18, partner 4's two misses; last, so the faults before keep the seeds their sweeps take.
  fault(
    'subscribe-narrow-leaks',
    'EDP-HUB-3',
    'subscribe with a list that narrows the current list to a non-empty part of it keeps the old list (the dropped devices still notify the connection); other replacements work.',
  ),
  fault(
    'ws-online-before-hello',
    'EDP-HUB-4',
    'Announces a WebSocket device online 300 ms after its connection closed, as it starts redialling and before any `hello` (the real `hello` is then not announced again); a device back within 300 ms is announced by its `hello`.',
  ),
]);

/**
 * Planted load faults (docs/faults.md, "Hub load faults"): each breaks its rule on a 2 % of
 * opportunities drawn from the hub's --seed. Certification sweeps walk HUB_FAULT_CATALOGUE
 * only; these are caught by the load threshold that names them (fixtures/scenarios/hub-smoke.yaml).
 */
export const HUB_LOAD_FAULT_CATALOGUE: readonly HubFaultDefinition[] = Object.freeze([
  Object.freeze({
    name: 'drop-some-notifications',
    breaks: 'EDP-HUB-3',
    description:
      'Drops 2 % of device notifications (one in 50 the hub receives, the first at a place drawn from --seed) instead of sending them to the subscribers.',
    loadOnly: true,
  } as const),
  Object.freeze({
    name: 'answer-some-wrong-connection',
    breaks: 'EDP-HUB-1',
    description:
      'Sends 2 % of device answers (one in 50, the first at a place drawn from --seed) to another open app connection (of the same token when there is one, else any other) instead of the one that asked.',
    loadOnly: true,
  } as const),
]);

/** Every fault `fleetcert hub --fault` takes: the certification catalogue, then the load faults. */
export const ALL_HUB_FAULTS: readonly HubFaultDefinition[] = Object.freeze([
  ...HUB_FAULT_CATALOGUE,
  ...HUB_LOAD_FAULT_CATALOGUE,
]);

export function findHubFault(name: string): HubFaultDefinition | undefined {
  return ALL_HUB_FAULTS.find((definition) => definition.name === name);
}

export function hubFaultNames(): readonly HubFaultName[] {
  return ALL_HUB_FAULTS.map((definition) => definition.name);
}
