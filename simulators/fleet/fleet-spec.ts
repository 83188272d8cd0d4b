/**
 * `--fleet bulb=5000,purifier=3000,tv=2000`: which kinds of device, how many of each.
 * Pure; the CLI resolves each name to a model (reference types or `--model` files).
 */
import { FleetError } from './fleet-error.js';

export interface FleetGroupSpec {
  /** The group's name: the device type in ids (`bulb` in `bulb-0001`). */
  readonly name: string;
  readonly count: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,30}$/;
/** Above the file limit of several processes: a typo guard, not a capacity claim. */
export const MAX_FLEET_DEVICES = 1_000_000;

export function parseFleetSpec(text: string): FleetGroupSpec[] {
  const groups: FleetGroupSpec[] = [];
  const parts = text.split(',').map((p) => p.trim());
  for (const part of parts) {
    const match = /^([^=\s]+)\s*=\s*(\d+)$/.exec(part);
    if (!match) {
      throw new FleetError(
        `--fleet ${JSON.stringify(text)}: "${part}" is not NAME=COUNT; write e.g. --fleet bulb=5000,purifier=3000,tv=2000.`,
      );
    }
    const [, name, countText] = match as unknown as [string, string, string];
    if (!NAME.test(name)) {
      throw new FleetError(
        `--fleet: device type "${name}" must be lowercase letters, digits and dashes (it becomes part of device ids, e.g. ${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}-0001).`,
      );
    }
    const count = Number(countText);
    if (count < 1)
      throw new FleetError(`--fleet: ${name}=${countText} must be at least 1; leave the type out instead.`);
    if (groups.some((g) => g.name === name))
      throw new FleetError(`--fleet: type "${name}" is named twice; give it once with the total count.`);
    groups.push({ name, count });
  }
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  if (total > MAX_FLEET_DEVICES) {
    throw new FleetError(
      `--fleet: ${total} devices is more than ${MAX_FLEET_DEVICES}; split the load over several machines (fleetcert load --shard).`,
    );
  }
  return groups;
}
