/**
 * The reference hub of PROTOCOL.md section 8, put together: the device directory, the MQTT
 * adapter and the WebSocket device connections on one side, the app server on the other, the
 * forwarder and the notification fan-out between them. Data flows one way: links report to the
 * directory, forwarder and fan-out; handlers ask the directory and hand commands to the forwarder.
 */
import type { HubConfig } from '../../src/hub/index.js';
import { type Logger, silentLogger } from '../../src/log/index.js';
import { startAppServer } from './app-server.js';
import { AppConnections } from './connections.js';
import type { DeviceLink, DeviceLinkEvents } from './device-link.js';
import { type DeviceBinding, DeviceDirectory } from './directory.js';
import { NotificationFanout } from './fanout.js';
import { EarlyComeback } from './faults/early-comeback.js';
import { type HubFaults, NO_HUB_FAULTS } from './faults/types.js';
import { Forwarder } from './forwarder.js';
import { AppGrants, namedDeviceIds } from './grants.js';
import { DEFAULT_HUB_LIMITS, type HubLimits } from './limits.js';
import { startMqttDevices } from './mqtt-devices.js';
import { startWsDevices } from './ws-devices.js';

export { DEFAULT_HUB_LIMITS, type HubLimits } from './limits.js';

export interface HubOptions {
  readonly config: HubConfig;
  /** Seeds device request ids and reconnect jitter, so a run replays. */
  readonly seed: number;
  readonly faults?: HubFaults;
  readonly limits?: HubLimits;
  readonly logger?: Logger;
  /** The clock of the idle sweep and the wrong-token windows (tests drive it). Default Date.now. */
  readonly now?: () => number;
}

export interface RunningHub {
  /** `ws://HOST:PORT/edp/1/hub` */
  readonly url: string;
  readonly port: number;
  /** One idle/ping sweep and wrong-token flush now (the hub runs them on its own every few seconds). */
  sweep(): void;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const { config, seed } = options;
  const faults = options.faults ?? NO_HUB_FAULTS;
  const limits = options.limits ?? DEFAULT_HUB_LIMITS;
  const logger = options.logger ?? silentLogger();
  const wsDevices = config.ws_devices ?? [];
  const directory = new DeviceDirectory({
    wsDeviceIds: wsDevices.map((d) => d.deviceId),
    namedDeviceIds: namedDeviceIds(config.apps),
  });
  const grants = new AppGrants(config.apps, directory);
  const connections = new AppConnections();
  const fanout = new NotificationFanout(connections, faults, seed);
  const links: Partial<Record<DeviceBinding, DeviceLink>> = {};
  const forwarder = new Forwarder({
    directory,
    linkFor: (deviceId) => links[directory.view(deviceId)?.binding ?? 'mqtt'],
    deadlineMs: config.deadline_ms,
    seed,
    maxPending: limits.maxPending,
    maxPendingPerToken: limits.maxPendingPerToken,
    faults,
    siblingOf: (connection) => connections.siblingOf(connection),
    otherThan: (connection) => connections.otherThan(connection),
    logger,
  });
  // fault hook: ws-online-before-hello (a WebSocket device's comeback announced before its `hello`)
  const early = faults.has('ws-online-before-hello')
    ? new EarlyComeback(
        (deviceId) => fanout.presence(deviceId, true),
        (deviceId) => directory.isOnline(deviceId),
      )
    : undefined;
  directory.listen({
    presenceChanged(deviceId, online) {
      logger.debug({ deviceId, online }, 'presence changed');
      if (!online) forwarder.deviceOffline(deviceId);
      const ws = directory.view(deviceId)?.binding === 'ws';
      // fault hook: ws-close-not-offline (a WebSocket device's close is not announced to apps)
      if (!online && faults.has('ws-close-not-offline') && ws) return;
      if (early !== undefined && ws) {
        if (!online) early.closed(deviceId);
        else if (early.takeAnnounced(deviceId)) return;
      }
      fanout.presence(deviceId, online);
    },
  });
  const eventsFor = (binding: DeviceBinding): DeviceLinkEvents => ({
    answer: (deviceId, id, answer) => forwarder.answer(deviceId, id, answer),
    notification: (deviceId, method, paramsText) => {
      if (directory.view(deviceId)?.binding === binding) fanout.notification(deviceId, method, paramsText);
    },
    online: (deviceId, model) => directory.online(deviceId, binding, model),
    offline: (deviceId) => directory.offline(deviceId, binding),
  });

  const closers: (() => Promise<void>)[] = [];
  try {
    if (config.mqtt !== undefined) {
      links.mqtt = await startMqttDevices({
        settings: config.mqtt,
        events: eventsFor('mqtt'),
        seed: seed + 1,
        logger: logger.child({ side: 'mqtt' }),
      });
      closers.push(() => links.mqtt!.close());
    }
    if (wsDevices.length > 0) {
      links.ws = await startWsDevices({
        devices: wsDevices,
        events: eventsFor('ws'),
        seed: seed + 2,
        logger: logger.child({ side: 'ws' }),
      });
      closers.push(() => links.ws!.close());
    }
    const [host, port] = splitListen(config.listen);
    const server = await startAppServer({
      host,
      port,
      grants,
      connections,
      context: { directory, forwarder, faults },
      limits,
      logger: logger.child({ side: 'apps' }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    closers.push(() => server.close());
    logger.info({ url: server.url, devices: directory.ids().length }, 'hub serving apps');
    return {
      url: server.url,
      port: server.port,
      sweep() {
        server.sweep();
        server.flushWrongTokens();
      },
      async close() {
        early?.close();
        forwarder.close();
        for (const close of closers.reverse()) await close().catch(() => undefined);
      },
    };
  } catch (error) {
    forwarder.close();
    for (const close of closers.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

function splitListen(listen: string): [string, number] {
  const colon = listen.lastIndexOf(':');
  return [listen.slice(0, colon), Number(listen.slice(colon + 1))];
}
