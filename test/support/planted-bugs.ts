/**
 * Test helper: every planted bug of the simulators' fault catalogue, with the device and mode
 * that let it show, and the rule certification must name. Faults the catalogue adds later fail
 * the table's completeness test until they are placed here.
 */

import type { RuleId } from '../../conformance/catalogue/rule-ids.js';
import { FAULT_CATALOGUE } from '../../simulators/faults/catalogue.js';
import type { FaultName } from '../../simulators/faults/types.js';
import type { Mode } from './certify-simulator.js';
import type { ModelName } from './reference-simulator.js';

export interface PlantedBug {
  readonly fault: FaultName;
  readonly type: ModelName;
  readonly mode: Mode;
  /** The rule certification must report failed. */
  readonly rule: RuleId;
}

/** Where a fault shows: events and wrap on the TV, `when` and `values` on the purifier, out and write-only on the keypad test model, stepped action arguments on the desk fan. */
const PLACES: Partial<Record<FaultName, { type: ModelName; mode: Mode }>> = {
  'ignore-when': { type: 'purifier', mode: 'broker' },
  'wrap-as-clamp': { type: 'tv', mode: 'ws' },
  'effects-out-of-order': { type: 'tv', mode: 'ws' },
  'missing-event': { type: 'tv', mode: 'ws' },
  'invalid-event-arguments': { type: 'tv', mode: 'ws' },
  'wrong-out': { type: 'keypad', mode: 'broker' },
  'accept-unlisted-value': { type: 'purifier', mode: 'broker' },
  'accept-off-grid-in': { type: 'fan', mode: 'broker' },
  'unreadable-returns-value': { type: 'keypad', mode: 'broker' },
  'no-will': { type: 'bulb', mode: 'listen' },
  'state-lost-on-reconnect': { type: 'bulb', mode: 'listen' },
  'acl-violation': { type: 'bulb', mode: 'listen' },
  'no-presence': { type: 'bulb', mode: 'listen' },
  'wrong-presence-model': { type: 'bulb', mode: 'listen' },
  'disconnect-clean': { type: 'bulb', mode: 'listen' },
  'disconnect-abrupt': { type: 'bulb', mode: 'listen' },
};

/**
 * Where a black-box controller sees a fault break another rule than the catalogue names: a
 * device that drops its connection at random loses requests (EDP-RPC-1); reconnecting cleanly
 * is itself allowed.
 */
const OBSERVED_RULE: Partial<Record<FaultName, RuleId>> = {
  'disconnect-clean': 'EDP-RPC-1',
  'disconnect-abrupt': 'EDP-RPC-1',
};

/** Faults that break nothing at the settings certification uses (replies late but within the deadline). */
export const HARMLESS_FAULTS: readonly FaultName[] = ['reply-latency', 'notification-latency'];

/** TLS faults show only with `--listen-tls`: test/device-certification/certify-tls.test.ts sweeps them (seeds 1–10). */
const needsTls = (breaks: string) => breaks.startsWith('EDP-TLS-');
export const TLS_FAULTS: readonly FaultName[] = FAULT_CATALOGUE.filter((f) => needsTls(f.breaks)).map(
  (f) => f.name,
);

export const PLANTED_BUGS: readonly PlantedBug[] = FAULT_CATALOGUE.filter(
  (f) => !HARMLESS_FAULTS.includes(f.name) && !needsTls(f.breaks),
).map((f) => {
  const place =
    PLACES[f.name] ??
    (f.name.startsWith('ws-')
      ? { type: 'tv' as const, mode: 'ws' as const }
      : { type: 'bulb' as const, mode: 'broker' as const });
  return { fault: f.name, ...place, rule: OBSERVED_RULE[f.name] ?? (f.breaks as RuleId) };
});

/** Flaky-link faults: slow to certify (every lost request waits out the deadline). */
export const FLAKY_LINK_FAULTS: readonly FaultName[] = ['disconnect-clean', 'disconnect-abrupt'];
