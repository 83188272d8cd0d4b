/**
 * The long-running MQTT commands as processes: they start, say where they are, stop cleanly on
 * SIGTERM (devices say offline themselves, EDP-MQTT-1) and exit 2 with a clear message on bad setup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
} from '../../src/broker/index.js';
import { connectMqttController, type MqttController } from '../../src/transport/mqtt/controller.js';
import type { PresenceEvent } from '../../src/transport/mqtt/controller-events.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';

describe.concurrent('MQTT commands as processes', () => {
  let broker: EmbeddedBroker;
  let hub: MqttController;
  const presence: PresenceEvent[] = [];
  const wills: string[] = [];

  beforeAll(async () => {
    broker = await startEmbeddedBroker({
      port: 0,
      auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy('T') }),
    });
    broker.events.on('willPublished', (will) => wills.push(will.clientId));
    hub = await connectMqttController({ url: broker.url, name: 'tester', token: 'T', seed: 9 });
    hub.on('presence', (event) => presence.push(event));
    await hub.subscribeDevice('+', ['state']);
  });
  afterAll(async () => {
    await hub.close();
    await broker.close();
  });

  it('EDP-MQTT-1: simulate stops on SIGTERM with offline presence of its own, exit 0', async () => {
    const device = spawnFleetcert([
      'simulate',
      '--type',
      'tv',
      '--id',
      'tv-0009',
      // A TV alone defaults to its WebSocket server (MODELS.md); this test wants it on the broker.
      '--transport',
      'mqtt',
      '--broker',
      broker.url,
      '--token',
      'T',
    ]);
    await device.waitForStdout(/device tv-0009 \(fleetcert\.tv\.v1, fw 1\.0\.0\) online at mqtt:/);
    expect(await device.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const states = () => presence.filter((p) => p.deviceId === 'tv-0009').map((p) => p.presence?.online);
    await until(() => states().length >= 2);
    expect(states()).toEqual([true, false]);
    expect(wills).not.toContain('tv-0009');
  });

  it('simulate with a refused token exits 2 and says what to check', async () => {
    const device = spawnFleetcert([
      'simulate',
      '--type',
      'bulb',
      '--id',
      'bulb-0009',
      '--broker',
      broker.url,
      '--token',
      'bad',
    ]);
    const { code } = await device.exited;
    expect(code).toBe(2);
    expect(device.stderr()).toMatch(/broker refused device bulb-0009: .*check --token and the device id/);
  });

  it('simulate names a broker URL it cannot use, exit 2', async () => {
    const device = spawnFleetcert(['simulate', '--type', 'bulb', '--broker', 'http://127.0.0.1:1']);
    expect((await device.exited).code).toBe(2);
    expect(device.stderr()).toMatch(/unsupported scheme "http"; use one of mqtt, mqtts, ws, wss/);
  });

  it('start --serve keeps the demo devices online, prints how to connect, and stops on SIGTERM, exit 0', async () => {
    const demo = spawnFleetcert(['start', '--serve', '--port', '0', '--log-level', 'warn']);
    const [, port] = await demo.waitForStdout(/MQTT broker at mqtt:\/\/127\.0\.0\.1:(\d+) \(token demo\)/);
    await demo.waitForStdout(/Ctrl-C stops everything/);
    expect(demo.stdout()).toContain(`mosquitto_sub -h 127.0.0.1 -p ${port} -u controller:me -P demo`);
    for (const id of ['bulb-0001', 'purifier-0001', 'tv-0001']) expect(demo.stdout()).toContain(id);
    expect(await demo.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
