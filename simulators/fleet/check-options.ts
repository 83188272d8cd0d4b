/** What startFleet refuses before anything connects: each problem named with its fix (exit 2). */
import { isValidDeviceId } from '../../src/transport/mqtt/index.js';
import { checkIdPattern } from './device-ids.js';
import { FleetError } from './fleet-error.js';
import type { FleetOptions } from './types.js';

export function checkFleetOptions(options: FleetOptions): void {
  if (options.groups.length === 0)
    throw new FleetError('a fleet needs at least one group of devices (e.g. --fleet bulb=10).');
  const needsBroker = options.groups.some((g) => (g.transport ?? 'mqtt') === 'mqtt');
  const brokers = typeof options.broker === 'string' ? [options.broker] : (options.broker ?? []);
  if (needsBroker && brokers.length === 0)
    throw new FleetError(
      'MQTT devices need a broker: give --broker mqtt://HOST:PORT (or ws:// for MQTT over WebSocket).',
    );
  for (const group of options.groups) {
    if (!Number.isInteger(group.count) || group.count < 1)
      throw new FleetError(`group ${group.name}: count must be a whole number >= 1, got ${group.count}.`);
    if (group.ids) {
      if (group.ids.length !== group.count)
        throw new FleetError(
          `group ${group.name}: ${group.ids.length} ids for ${group.count} devices; give one id per device.`,
        );
      const bad = group.ids.find((id) => !isValidDeviceId(id));
      if (bad !== undefined)
        throw new FleetError(
          `device id ${JSON.stringify(bad)} is not valid: 3 to 64 of a-z 0-9 -, starting with a letter or digit.`,
        );
      continue;
    }
    const first = group.firstIndex ?? 1;
    checkIdPattern(options.idPrefix ?? '', group.name, first + group.count - 1);
  }
  if (options.tokens.kind === 'none' && options.groups.some((g) => g.transport === 'ws')) {
    throw new FleetError(
      'WebSocket devices need a bearer token: give --token, --tokens FILE or --token-template.',
    );
  }
  const hz = options.telemetry?.perDeviceHz;
  if (hz !== undefined && !(hz > 0 && hz <= 100))
    throw new FleetError(`--telemetry ${hz}: updates per device per second must be above 0 and at most 100.`);
}
