/** `fleetcert hub --fault NAME` values into the hub's fault set; an unknown name is exit 2 naming every known one. */
import { didYouMean, FleetcertError } from '../../../src/index.js';
import { findHubFault, hubFaultNames } from './catalogue.js';
import type { HubFaultName, HubFaults } from './types.js';

export class HubFaultError extends FleetcertError {
  constructor(message: string) {
    super('FLEETCERT_HUB_FAULT', message, { exitCode: 2 });
  }
}

/** Hub faults are on or off (no rate): each fires at every opportunity, so a run replays from its seed alone. */
export function parseHubFaults(
  names: readonly string[],
): HubFaults & { readonly names: readonly HubFaultName[] } {
  const chosen = new Set<HubFaultName>();
  for (const text of names) {
    const name = text.trim();
    const definition = findHubFault(name);
    if (definition === undefined) {
      throw new HubFaultError(
        `--fault ${JSON.stringify(text)}: ${name === '' ? 'no fault name given' : `unknown hub fault "${name}"`}.${didYouMean(name, hubFaultNames())} Use one of: ${hubFaultNames().join(', ')} (see docs/faults.md, hub section).`,
      );
    }
    chosen.add(definition.name);
  }
  return Object.freeze({ names: Object.freeze([...chosen]), has: (name: HubFaultName) => chosen.has(name) });
}
