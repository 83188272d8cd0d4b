/**
 * The fleet behind a hub that already runs with its partner's configuration (`--hub URL
 * --hub-config FILE`, or a load scenario's running hub), for hub certification and hub load
 * alike: MQTT devices by the fleet's groups when the configuration has a broker, WebSocket
 * devices where its `ws_devices` say they listen, each run as the fleet type its id names.
 */

import type { HubConfig } from '../../src/hub/index.js';
import { UsageError } from '../../src/index.js';
import { type HubFleetGroup, type PlannedDevice, planHubFleet } from './hub-fleet.js';

/** How the caller's input names the fleet, for the fix in an error: `--fleet` or the scenario's `fleet`. */
export interface FleetSource {
  /** The fix when `ws_devices` names a type the fleet lacks. */
  addType(type: string): string;
  readonly name: string;
}

export function planRunningHubFleet(
  groups: readonly HubFleetGroup[],
  config: HubConfig,
  source: FleetSource,
): PlannedDevice[] {
  if (config.mqtt === undefined && groups.some((g) => g.count > 0) && (config.ws_devices ?? []).length === 0)
    throw new UsageError(
      'the hub configuration has neither mqtt nor ws_devices: there is no way to put a fleet behind it',
    );
  const ws = (config.ws_devices ?? []).map((d): PlannedDevice => {
    const type = d.deviceId.replace(/-\d+$/, '');
    const group = groups.find((g) => g.type === type);
    if (!group)
      throw new UsageError(
        `the hub configuration's ws_devices names ${d.deviceId}, but ${source.name} has no type ${JSON.stringify(type)} to run it as: ${source.addType(type)}`,
      );
    const url = new URL(d.url);
    return {
      deviceId: d.deviceId,
      model: group.model,
      binding: 'ws',
      listen: { host: url.hostname, port: Number(url.port) },
    };
  });
  const wsIds = new Set(ws.map((d) => d.deviceId));
  const mqtt = config.mqtt === undefined ? [] : planHubFleet(groups, 0).filter((d) => !wsIds.has(d.deviceId));
  return [...mqtt, ...ws];
}

/** The one bearer token of a running hub's WebSocket devices (fleetcert runs them all with one); none when it has none. */
export function wsTokenOf(config: HubConfig): string | undefined {
  const tokens = new Set((config.ws_devices ?? []).map((d) => d.token));
  if (tokens.size > 1)
    throw new UsageError(
      'the hub configuration gives its WebSocket devices different tokens; fleetcert runs them with one token',
    );
  return [...tokens][0];
}
