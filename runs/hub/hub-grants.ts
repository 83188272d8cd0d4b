/**
 * The grants a hub certification uses. With `--hub-command` fleetcert chooses them (the judge's
 * pure `planHubGrants`: a list token, `"*"`, a disjoint list, ghosts never online, fleet devices
 * granted to nobody) and writes them into the hub's configuration. With `--hub-config` the
 * partner's file fixes them: its tokens are named app-1, app-2… in reports, list-granted ids with
 * no device are the ghosts, fleet devices in no list are the ungranted ones.
 */
import { randomBytes } from 'node:crypto';
import { type HubGrantPlan, planHubGrants } from '../../conformance/suites/hub/index.js';
import type { HubConfig } from '../../src/hub/index.js';
import { createRandom } from '../../src/index.js';

/**
 * The seed chooses the grants (so a replay meets the same); a secret of this run ends every app
 * token, so two certifications of one seed and fleet at once (bench:judge's jobs, CI, partners'
 * scripts) never accept each other's apps: an app that reached another run's hub (a port freed
 * by a hub that died and taken by another) is refused, never answered from that run's devices,
 * which its own devices' records would then lack (issue 18: the trace of the outside hub's seed 68
 * false failure is what such cross-talk leaves; the path is closed whether or not it was the cause).
 */
export function grantsFromPlan(
  fleetIds: readonly string[],
  seed: number,
  runSecret: string = randomBytes(9).toString('base64url'),
): HubGrantPlan {
  const plan = planHubGrants(fleetIds, seed);
  return { ...plan, apps: plan.apps.map((a) => ({ ...a, token: `${a.token}-${runSecret}` })) };
}

export function grantsFromConfig(config: HubConfig, fleetIds: readonly string[], seed: number): HubGrantPlan {
  const fleet = new Set(fleetIds);
  const listed = new Set(config.apps.flatMap((a) => (a.devices === '*' ? [] : a.devices)));
  const random = createRandom(seed);
  const taken = new Set([...fleet, ...listed]);
  const fresh = (prefix: string) => {
    for (;;) {
      const id = `${prefix}-${random.int(0, 0xffff).toString(16).padStart(4, '0')}`;
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  const tokens = new Set(config.apps.map((a) => a.token));
  let unknownToken = `x-${random.uint32().toString(36)}`;
  while (tokens.has(unknownToken)) unknownToken = `x-${random.uint32().toString(36)}`;
  return {
    apps: config.apps.map((a, i) => ({ name: `app-${i + 1}`, token: a.token, devices: a.devices })),
    ghosts: [...listed].filter((id) => !fleet.has(id)).sort(),
    ungranted: [...fleet].filter((id) => !listed.has(id)).sort(),
    unknown: [fresh('nobody'), fresh('nobody')],
    unknownToken,
  };
}
