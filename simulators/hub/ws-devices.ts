/**
 * Connections to the WebSocket devices of `ws_devices` (section 6), one per device, kept up:
 * `hello` makes the device online (with its model), the close makes it offline, and the hub
 * tries again, the first time within 5 s and then at least every 30 s (section 8), with jitter
 * from the hub's seed. Request ids are per connection on this binding; the forwarder's ids are
 * fresh anyway.
 */
import type { HubWsDevice } from '../../src/hub/index.js';
import { createRandom } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import {
  connectWsController,
  type WsControllerConnection,
  type WsFrame,
} from '../../src/transport/ws/index.js';
import { createBackoff } from '../bindings/mqtt/backoff.js';
import { readDeviceFrame } from './device-frames.js';
import type { DeviceLink, DeviceLinkEvents } from './device-link.js';

export interface WsDevicesOptions {
  readonly devices: readonly HubWsDevice[];
  readonly events: DeviceLinkEvents;
  readonly seed: number;
  readonly logger: Logger;
}

/** Starts connecting to every device; resolves after each one's first try (connected or not). */
export async function startWsDevices(options: WsDevicesOptions): Promise<DeviceLink> {
  const random = createRandom(options.seed);
  const keepers = new Map<string, DeviceConnection>();
  for (const device of options.devices)
    if (!keepers.has(device.deviceId))
      keepers.set(device.deviceId, new DeviceConnection(device, options, createBackoff(random.fork())));
  await Promise.all([...keepers.values()].map((keeper) => keeper.firstTry));
  return {
    send: (deviceId, frame) => keepers.get(deviceId)?.send(frame) ?? false,
    async close() {
      await Promise.all([...keepers.values()].map((keeper) => keeper.close()));
    },
  };
}

class DeviceConnection {
  readonly firstTry: Promise<void>;
  readonly #device: HubWsDevice;
  readonly #options: WsDevicesOptions;
  readonly #backoff: ReturnType<typeof createBackoff>;
  #connection: WsControllerConnection | undefined;
  #online = false;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(device: HubWsDevice, options: WsDevicesOptions, backoff: ReturnType<typeof createBackoff>) {
    this.#device = device;
    this.#options = options;
    this.#backoff = backoff;
    this.firstTry = this.#connect();
  }

  send(frame: string): boolean {
    if (!this.#online || this.#connection === undefined || !this.#connection.open) return false;
    this.#connection.send(frame).catch(() => {});
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    await this.#connection?.close();
  }

  async #connect(): Promise<void> {
    const { deviceId, url, token } = this.#device;
    let connection: WsControllerConnection;
    try {
      connection = await connectWsController(url, { token, connectTimeoutMs: 5_000 });
    } catch (error) {
      this.#options.logger.debug({ deviceId, err: error }, 'WebSocket device not reachable; trying again');
      this.#scheduleRetry();
      return;
    }
    if (this.#closed) {
      await connection.close();
      return;
    }
    this.#connection = connection;
    for (const frame of connection.early) this.#receive(frame);
    connection.onFrame((frame) => this.#receive(frame));
    void connection.closed.then(() => this.#lost(connection));
  }

  #receive(frame: WsFrame): void {
    if (frame.binary) return;
    const { events } = this.#options;
    const { deviceId } = this.#device;
    const read = readDeviceFrame(frame.payload);
    switch (read.kind) {
      case 'hello':
        if (read.deviceId !== deviceId)
          this.#options.logger.warn({ deviceId, hello: read.deviceId }, 'hello names another device id');
        this.#online = true;
        this.#backoff.reset();
        events.online(deviceId, read.model);
        return;
      case 'response':
        if (this.#online) events.answer(deviceId, read.id, read.answer);
        return;
      case 'notification':
        if (this.#online) events.notification(deviceId, read.method, read.paramsText);
        return;
      case 'ignored':
        return;
    }
  }

  #lost(connection: WsControllerConnection): void {
    if (this.#connection !== connection) return;
    this.#connection = undefined;
    if (this.#online) {
      this.#online = false;
      this.#options.events.offline(this.#device.deviceId);
    }
    if (!this.#closed) this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#closed) return;
    this.#retry = setTimeout(() => void this.#connect(), this.#backoff.next());
  }
}
