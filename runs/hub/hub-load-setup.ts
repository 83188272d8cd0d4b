/**
 * What a hub load run stands on, before any app connects: the configuration of a hub that
 * already runs, the fleet behind the hub (MQTT devices by the scenario's fleet, WebSocket
 * devices by `hub.wsDevices` or the running hub's `ws_devices`), and the broker.
 */

import type { PreparedLoad } from '../../load/runner/index.js';
import type { Scenario } from '../../load/scenario/index.js';
import { createBrokerAuthPolicy, startEmbeddedBroker } from '../../src/broker/index.js';
import { type HubConfig, parseHubConfig } from '../../src/hub/index.js';
import { INPUT_LIMITS, readBoundedText } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import { startBrokerThread } from './broker-thread.js';
import { type HubFleetGroup, type PlannedDevice, planHubFleet } from './hub-fleet.js';
import { hubRunTokens, secret } from './hub-run-tasks.js';
import { planRunningHubFleet, wsTokenOf } from './running-hub-fleet.js';

export async function readHubConfig(file: string): Promise<HubConfig> {
  const text = await readBoundedText(file, INPUT_LIMITS.hubConfigFileBytes, 'hub.config', 'LOAD_HUB_CONFIG');
  return parseHubConfig(text, file);
}

/**
 * The whole fleet of the run (every shard plans all of it): by the scenario's fleet and
 * `hub.wsDevices`, or, for a running hub, by its configuration (runs/hub/running-hub-fleet.ts).
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
  return planRunningHubFleet(groups, running, {
    name: "the scenario's fleet",
    addType: () => 'add it to fleet',
  });
}

/** The bearer token of the WebSocket devices: the running hub's, else a fresh one. */
export function loadWsToken(config: HubConfig | undefined): string {
  return (config === undefined ? undefined : wsTokenOf(config)) ?? secret();
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
  /** The embedded broker runs in a worker thread (./broker-thread.ts); false: on the caller's loop. */
  thread = true,
): Promise<LoadBroker> {
  const none = async () => {};
  if (running) return { url: running.mqtt?.url, hubPassword: scenario.tokens.controller, close: none };
  if (!scenario.broker.embedded)
    return { url: scenario.broker.url, hubPassword: scenario.tokens.controller, close: none };
  const hubPassword = secret();
  const deviceToken = secret();
  if (thread) {
    const broker = await startBrokerThread({ hubPassword, deviceToken, logger });
    return { url: broker.url, deviceToken, hubPassword, close: () => broker.close() };
  }
  const broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: hubRunTokens(hubPassword, deviceToken) }),
    logger,
  });
  return { url: broker.url, deviceToken, hubPassword, close: () => broker.close() };
}
