/**
 * Device ids of a fleet: `<prefix><type>-<index>`, the index from 1, zero-padded to the
 * width of the group's size (at least 4: bulb-0001), so ids sort in index order and the
 * same device has the same id in every run and every worker.
 */
import { DEVICE_ID_PATTERN } from '../../src/transport/mqtt/index.js';
import { FleetError } from './fleet-error.js';

export function indexWidth(count: number): number {
  return Math.max(4, String(count).length);
}

export function fleetDeviceId(prefix: string, type: string, index: number, width: number): string {
  return `${prefix}${type}-${String(index).padStart(width, '0')}`;
}

/** Checks that every id this group will produce is a valid device id (section 5), before any connects. */
export function checkIdPattern(prefix: string, type: string, count: number): void {
  const width = indexWidth(count);
  for (const index of [1, count]) {
    const id = fleetDeviceId(prefix, type, index, width);
    if (!DEVICE_ID_PATTERN.test(id)) {
      throw new FleetError(
        `device id "${id}" (--id-prefix ${JSON.stringify(prefix)}, type ${type}) does not match ${DEVICE_ID_PATTERN.source}; use lowercase letters, digits and dashes, at most 64 characters.`,
      );
    }
  }
}
