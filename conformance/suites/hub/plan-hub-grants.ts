/**
 * Which app tokens a hub certification writes into the hub's configuration (PROTOCOL.md
 * section 8), chosen from the fleet's ids and the run's seed alone, so the composition can
 * write the config file and the judge knows the same grants. Pure and deterministic.
 *
 * Always three tokens: `app-a` a list grant, `app-b` `"*"`, `app-c` a list disjoint from
 * `app-a`'s. Both lists name a ghost (an id granted but never online), and at least one fleet
 * device is named by no list ("granted to nobody" but `"*"`: the `"*"` token covers every
 * device, so that is the only reading in which both can hold).
 */

import type { HubAppGrant } from '../../../src/hub/index.js';
import { createRandom, FleetcertError } from '../../../src/index.js';

export interface HubAppToken {
  /** What reports and counterexamples show (`app-a`); never the secret. */
  readonly name: string;
  /** The bearer secret; never logged or reported. */
  readonly token: string;
  readonly devices: readonly string[] | '*';
}

export interface HubGrantPlan {
  readonly apps: readonly HubAppToken[];
  /** Ids granted to a list token but never online (no device runs under them). */
  readonly ghosts: readonly string[];
  /** Fleet devices no list grant names (only the `"*"` token may reach them). */
  readonly ungranted: readonly string[];
  /** Ids nobody has: not in the fleet, not in any grant. */
  readonly unknown: readonly string[];
  /** A token the hub does not know (for the 401 check); not in the configuration. */
  readonly unknownToken: string;
}

export class HubGrantPlanError extends FleetcertError {
  constructor(message: string) {
    super('FLEETCERT_HUB_FLEET', `${message}; give the fleet more devices (e.g. --fleet bulb=2,purifier=1)`, {
      exitCode: 2,
    });
  }
}

/** The `apps` member of the hub configuration for a plan. */
export function hubConfigApps(plan: HubGrantPlan): HubAppGrant[] {
  return plan.apps.map((a) => ({ token: a.token, devices: a.devices === '*' ? '*' : [...a.devices] }));
}

export function planHubGrants(fleetIds: readonly string[], seed: number): HubGrantPlan {
  const ids = [...new Set(fleetIds)].sort();
  if (ids.length < 3)
    throw new HubGrantPlanError(
      `a hub certification needs a fleet of at least 3 devices (two disjoint grants and one device granted to nobody); got ${ids.length}`,
    );
  const random = createRandom(seed);
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
  }
  // At least one device for each list and one for nobody; the rest split about evenly.
  const nobody = Math.max(1, Math.floor(ids.length / 5));
  const rest = shuffled.slice(nobody);
  const half = Math.max(1, Math.ceil(rest.length / 2));
  const listA = rest.slice(0, half);
  const listC = rest.slice(half);
  const taken = new Set(ids);
  const fresh = (prefix: string): string => {
    for (;;) {
      const id = `${prefix}-${random.int(0, 0xffff).toString(16).padStart(4, '0')}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  const ghosts = [fresh('ghost'), fresh('ghost')];
  const unknown = [fresh('nobody'), fresh('nobody')];
  const secret = () => `${random.uint32().toString(36)}${random.uint32().toString(36)}`;
  const apps: HubAppToken[] = [
    { name: 'app-a', token: `a-${secret()}`, devices: [...listA, ghosts[0] as string].sort() },
    { name: 'app-b', token: `b-${secret()}`, devices: '*' },
    { name: 'app-c', token: `c-${secret()}`, devices: [...listC, ghosts[1] as string].sort() },
  ];
  return {
    apps,
    ghosts,
    ungranted: shuffled.slice(0, nobody).sort(),
    unknown,
    unknownToken: `x-${secret()}`,
  };
}
