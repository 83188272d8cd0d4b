import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runStartDemo, type StartDemo } from '../../runs/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { connectMqttController } from '../../src/transport/mqtt/controller.js';
import type { PresenceEvent } from '../../src/transport/mqtt/controller-events.js';
import { resolveStartConfig } from './start.js';
import { connectionHelp } from './start-demo.js';

const demos: StartDemo[] = [];
afterEach(async () => {
  for (const demo of demos.splice(0)) await demo.stop();
});

describe('runStartDemo (npm start)', () => {
  it('serves one device of each reference model, explains how to connect, and stops gracefully', async () => {
    const config = { ...resolveStartConfig({ port: 0, token: 'demo', seed: 1 }) };
    const demo = await runStartDemo(config, silentLogger());
    const ids = config.devices.map((d) => d.deviceId).sort();
    expect(demo.broker.connectedClientIds().sort()).toEqual(ids);

    const help = connectionHelp(demo);
    expect(help).toContain(
      `mosquitto_sub -h 127.0.0.1 -p ${demo.broker.port} -u controller:me -P demo -v -t 'edp/1/+/state'`,
    );
    expect(help).toContain(
      `mosquitto_pub -h 127.0.0.1 -p ${demo.broker.port} -u controller:me -P demo -t edp/1/`,
    );

    const hub = await connectMqttController({ url: demo.broker.url, name: 'me', token: 'demo', seed: 1 });
    const presence = new Map<string, boolean>();
    hub.on('presence', (event: PresenceEvent) =>
      presence.set(event.deviceId, event.presence?.online ?? false),
    );
    await hub.subscribeDevice('+', ['state']);
    await until(() => ids.every((id) => presence.get(id) === true));
    let wills = 0;
    demo.broker.events.on('willPublished', () => wills++);
    await Promise.all(demo.devices.map((device) => device.stop()));
    // EDP-MQTT-1: a graceful shutdown says offline itself; no will is needed.
    await until(() => ids.every((id) => presence.get(id) === false));
    expect(wills).toBe(0);
    await hub.close();
    demos.push(demo);
  });

  it('moves off a taken default port, but not off an explicit one', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const config = { ...resolveStartConfig({ token: 'demo', seed: 1 }), port: taken, devices: [] };
      const demo = await runStartDemo(config, silentLogger());
      demos.push(demo);
      expect(demo.broker.port).not.toBe(taken);
      await expect(runStartDemo({ ...config, portFallback: false }, silentLogger())).rejects.toThrow(
        /is in use/,
      );
    } finally {
      blocker.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
