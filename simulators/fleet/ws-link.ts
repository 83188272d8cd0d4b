/** A fleet device as a WebSocket server of its own (section 6): for single devices and small local fleets. */
import type { Notification } from '../../src/protocol/index.js';
import { startWsDevice, type WsDevice } from '../bindings/ws/ws-device.js';
import type { DeviceLink, OpenLink } from './links.js';

class WsLink implements DeviceLink {
  server: WsDevice | undefined;
  stopped = false;

  get url(): string | undefined {
    return this.server?.url;
  }

  notify(notifications: readonly Notification[]): void {
    this.server?.notify(notifications);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.server?.close();
  }
}

export const openWsLink: OpenLink = (device, faults, context, done) => {
  const link = new WsLink();
  startWsDevice({
    engine: device.engine,
    token: device.token ?? '',
    host: context.wsHost,
    port: context.wsPort(device),
    faults,
  }).then(
    async (server) => {
      link.server = server;
      if (link.stopped) {
        await server.close();
        return done(new Error('stopped before listening'));
      }
      context.host.up(device);
      done();
    },
    (error: Error) => {
      context.host.error(device, error);
      done(error);
    },
  );
  return link;
};
