/**
 * What a hub load run stands on, before any app connects: the configuration of a hub that
 * already runs, the fleet behind the hub (MQTT devices by the scenario's fleet, WebSocket
 * devices by `hub.wsDevices` or the running hub's `ws_devices`), and the broker.
 */

import type { PreparedLoad } from '../../load/runner/setup.js';
import type { Scenario } from '../../load/scenario/types.js';
import { createBrokerAuthPolicy, startEmbeddedBroker } from '../../src/broker/index.js';
import { UsageError } from '../../src/errors.js';
import { type HubConfig, parseHubConfig } from '../../src/hub/index.js';
import { INPUT_LIMITS } from '../../src/input-limits.js';
import type { Logger } from '../../src/log/logger.js';
import { readBoundedText } from '../../src/read-file-within.js';
import { type HubFleetGroup, type PlannedDevice, planHubFleet } from './hub-fleet.js';
import { hubRunTokens, secret } from './hub-run-tasks.js';

export async function readHubConfig(file: string): Promise<HubConfig> {
  const text = await readBoundedText(file, INPUT_LIMITS.hubConfigFileBytes, 'hub.config', 'LOAD_HUB_CONFIG');
  return parseHubConfig(text, file);
}

/**
 * The whole fleet of the run (every shard plans all of it). A running hub: MQTT devices by the
 * scenario's fleet when its configuration has a broker, WebSocket devices where its
 * `ws_devices` say they listen, run as the fleet type their id names.
 */
export function planLoadFleet(
  scenario: Scenario,
  prepared: PreparedLoad,
  running: HubConfig | undefined,
): PlannedDevice[] {
  const groups: HubFleetGroup[] = scenario.fleet.map((entry, i) => ({
    type: entry.type,
    model: prepared.models[i]!,
    count: entry.count,
  }));
  if (!running) return planHubFleet(groups, scenario.hub?.wsDevices ?? 0);
  const ws = (running.ws_devices ?? []).map((d): PlannedDevice => {
    const type = d.deviceId.replace(/-\d+$/, '');
    const group = groups.find((g) => g.type === type);
    if (!group)
      throw new UsageError(
        `the hub configuration's ws_devices names ${d.deviceId}, but the scenario's fleet has no type ${JSON.stringify(type)} to run it as: add it to fleet`,
      );
    const url = new URL(d.url);
    return {
      deviceId: d.deviceId,
      model: group.model,
      binding: 'ws',
      listen: { host: url.hostname, port: Number(url.port) },
    };
  });
  if (running.mqtt === undefined && ws.length === 0)
    throw new UsageError(
      'the hub configuration has neither mqtt nor ws_devices: there is no way to put a fleet behind it',
    );
  const wsIds = new Set(ws.map((d) => d.deviceId));
  const mqtt =
    running.mqtt === undefined ? [] : planHubFleet(groups, 0).filter((d) => !wsIds.has(d.deviceId));
  return [...mqtt, ...ws];
}

/** The one token of a running hub's WebSocket devices (fleetcert runs them all with one). */
export function wsTokenOf(config: HubConfig | undefined): string {
  const tokens = new Set((config?.ws_devices ?? []).map((d) => d.token));
  if (tokens.size > 1)
    throw new UsageError(
      'the hub configuration gives its WebSocket devices different tokens; fleetcert runs them with one token',
    );
  return [...tokens][0] ?? secret();
}

export interface LoadBroker {
  readonly url: string | undefined;
  /** The password the devices log in with (the embedded broker's own), else none. */
  readonly deviceToken?: string;
  /** The hub's controller password on the embedded broker, else the scenario's controller token. */
  readonly hubPassword: string;
  close(): Promise<void>;
}

/** The user's broker (scenario broker.url / --broker), the running hub's, or the embedded one. */
export async function startLoadBroker(
  scenario: Scenario,
  running: HubConfig | undefined,
  logger: Logger,
): Promise<LoadBroker> {
  const none = async () => {};
  if (running) return { url: running.mqtt?.url, hubPassword: scenario.tokens.controller, close: none };
  if (!scenario.broker.embedded)
    return { url: scenario.broker.url, hubPassword: scenario.tokens.controller, close: none };
  const hubPassword = secret();
  const deviceToken = secret();
  const broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: hubRunTokens(hubPassword, deviceToken) }),
    logger,
  });
  return { url: broker.url, deviceToken, hubPassword, close: () => broker.close() };
}
