/**
 * The hub's one MQTT adapter (section 5): it logs in as `controller:NAME` through the shared
 * MQTT controller, discovers devices from retained `edp/1/+/state`, sends request frames to
 * `edp/1/{id}/rpc` and hears `rpc/reply` and `events`. Presence is read leniently: `online: true`
 * is online (with `model` when it is a string), `online: false` or a cleared retained state is
 * offline. When the broker connection drops it reconnects and subscribes again.
 */

import type { HubMqttSettings } from '../../src/hub/index.js';
import type { Logger } from '../../src/log/index.js';
import { isJsonObject, member, readFrame } from '../../src/protocol/index.js';
import {
  CONTROLLER_PREFIX,
  connectMqttController,
  isValidDeviceId,
  type MqttController,
} from '../../src/transport/mqtt/index.js';
import { readDeviceFrame } from './device-frames.js';
import type { DeviceLink, DeviceLinkEvents } from './device-link.js';

export interface MqttDevicesOptions {
  readonly settings: HubMqttSettings;
  readonly events: DeviceLinkEvents;
  readonly seed: number;
  readonly logger: Logger;
  /** Default 2000 ms between tries to get the broker back. */
  readonly reconnectMs?: number;
}

/** Connects and subscribes; resolves once the retained presence the broker held has been delivered. */
export async function startMqttDevices(options: MqttDevicesOptions): Promise<DeviceLink> {
  const { settings, events, logger } = options;
  const name = settings.username.startsWith(CONTROLLER_PREFIX)
    ? settings.username.slice(CONTROLLER_PREFIX.length)
    : settings.username;
  const controller = await connectMqttController({
    url: settings.url,
    name,
    token: settings.password,
    seed: options.seed,
    clientOptions: { reconnectPeriod: options.reconnectMs ?? 2_000 },
  });
  controller.on('presence', ({ deviceId, payload }) => {
    const online = readOnline(payload);
    if (online === undefined) return;
    if (online.online) events.online(deviceId, online.model);
    else events.offline(deviceId);
  });
  controller.on('reply', ({ deviceId, payload }) => {
    const frame = readDeviceFrame(payload);
    if (frame.kind === 'response') events.answer(deviceId, frame.id, frame.answer);
  });
  controller.on('notification', ({ deviceId, payload }) => {
    const frame = readDeviceFrame(payload);
    if (frame.kind === 'notification') events.notification(deviceId, frame.method, frame.paramsText);
  });
  controller.on('connectionLost', () => logger.warn({ url: settings.url }, 'lost the broker; reconnecting'));
  let first = true;
  controller.client.on('connect', () => {
    if (first) return;
    logger.info({ url: settings.url }, 'back on the broker; subscribing again');
    subscribeAll(controller).catch((error: unknown) =>
      logger.error({ err: error }, 'cannot subscribe again'),
    );
  });
  await subscribeAll(controller);
  first = false;
  return {
    send(deviceId, frame) {
      if (!controller.connected || !isValidDeviceId(deviceId)) return false;
      controller
        .send(deviceId, frame)
        .catch((error: unknown) => logger.debug({ err: error, deviceId }, 'publish failed'));
      return true;
    },
    close: () => controller.close(),
  };
}

/** `state` first: its retained messages are delivered before the SUBACK of the next subscription. */
async function subscribeAll(controller: MqttController): Promise<void> {
  await controller.subscribeDevice('+', ['state']);
  await controller.subscribeDevice('+', ['rpcReply', 'events']);
}

function readOnline(
  payload: Buffer,
): { online: true; model: string | undefined } | { online: false } | undefined {
  if (payload.length === 0) return { online: false };
  const read = readFrame(payload);
  if (!read.ok || !isJsonObject(read.value)) return undefined;
  const online = member(read.value, 'online');
  if (online === false) return { online: false };
  if (online !== true) return undefined;
  const model = member(read.value, 'model');
  return { online: true, model: typeof model === 'string' ? model : undefined };
}
