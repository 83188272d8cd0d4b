/**
 * Planted hub faults (docs/faults.md, hub section): named switches that make the reference hub
 * break exactly one rule of EDP-HUB-1..5 on purpose, so the hub judge can be shown to catch it.
 * A planted bug is a setting, never a code edit; a healthy hub runs the same code with no faults.
 */

export const HUB_FAULT_NAMES = [
  'forward-twice',
  'reuse-request-id',
  'drop-action-in',
  'keep-device-id',
  'reorder-commands',
  'answer-wrong-connection',
  'never-time-out',
  'time-out-early',
  'forward-to-offline',
  'forward-late-answer',
  'drop-app-notifications',
  'notify-unsubscribed',
  'subscribe-appends',
  'star-misses-later',
  'star-leaks-ungranted',
  'presence-twice',
  'ws-close-not-offline',
  'no-app-presence',
  'list-ungranted',
  'tell-unknown-from-ungranted',
  'forward-ungranted',
  'subscribe-narrow-leaks',
  'ws-online-before-hello',
] as const;

/**
 * Planted load faults: lighter versions that break a rule only now and then (2 % of notifications,
 * 2 % of answers). Too rare for a short certification run to meet with every seed, they prove
 * the load thresholds (docs/load.md) instead; certification sweeps take HUB_FAULT_NAMES only.
 */
export const HUB_LOAD_FAULT_NAMES = ['drop-some-notifications', 'answer-some-wrong-connection'] as const;

export type HubFaultName = (typeof HUB_FAULT_NAMES)[number] | (typeof HUB_LOAD_FAULT_NAMES)[number];

export type HubRule = 'EDP-HUB-1' | 'EDP-HUB-2' | 'EDP-HUB-3' | 'EDP-HUB-4' | 'EDP-HUB-5';

export interface HubFaultDefinition {
  readonly name: HubFaultName;
  /** The one rule of PROTOCOL.md section 8 the fault breaks. */
  readonly breaks: HubRule;
  /** What the hub does wrong, in words a partner can read. */
  readonly description: string;
  /**
   * A load fault (HUB_LOAD_FAULT_CATALOGUE): fires on a seeded 2 % of opportunities, so it is
   * proven by the load threshold that names it, not by the certification judge. Absent on the
   * certification catalogue's faults.
   */
  readonly loadOnly?: true;
}

/** The faults a hub runs with: asked with `has(name)` at each hook; empty for the reference hub. */
export interface HubFaults {
  has(name: HubFaultName): boolean;
}

/** The conformant hub: every hook asks a constant empty set, so it pays nothing. */
export const NO_HUB_FAULTS: HubFaults = Object.freeze({ has: () => false });
