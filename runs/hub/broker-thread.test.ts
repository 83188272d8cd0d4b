import { PassThrough } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.js';
import { type BrokerThread, startBrokerThread } from './broker-thread.js';
import { secret } from './hub-run-tasks.js';

const open: { broker?: BrokerThread; clients: MqttClient[] } = { clients: [] };
afterEach(async () => {
  await Promise.all(open.clients.splice(0).map((client) => client.endAsync(true)));
  await open.broker?.close();
  open.broker = undefined;
});

/** Connects once (no reconnect); resolves with the client or rejects with the refusal. */
function connect(url: string, username: string, password: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { username, password, clientId: username, reconnectPeriod: 0 });
  open.clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

describe('the hub load broker in a worker thread (EDP-MQTT-1, the section 5 ACL)', () => {
  it('routes a device’s state to the hub, refuses a wrong token, logs through the run, and closes its port', async () => {
    const hubPassword = secret();
    const deviceToken = secret();
    const lines: Record<string, unknown>[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    });
    const logger = createLogger({ level: 'debug', destination });
    open.broker = await startBrokerThread({ hubPassword, deviceToken, logger });
    const { url } = open.broker;
    expect(url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);

    const hub = await connect(url, 'controller:hub', hubPassword);
    await hub.subscribeAsync('edp/1/+/state', { qos: 1 });
    const heard = new Promise<[string, string]>((resolve) =>
      hub.once('message', (topic, payload) => resolve([topic, payload.toString()])),
    );
    const device = await connect(url, 'bulb-0001', deviceToken);
    await device.publishAsync('edp/1/bulb-0001/state', '{"online":true}', { qos: 1, retain: true });
    expect(await heard).toEqual(['edp/1/bulb-0001/state', '{"online":true}']);

    // The tokens the run made are the only ones the thread's broker accepts.
    await expect(connect(url, 'bulb-0002', `${deviceToken}x`)).rejects.toThrow(
      /Not authorized|Bad username/i,
    );
    await expect(connect(url, 'controller:hub', deviceToken)).rejects.toThrow(/Not authorized|Bad username/i);
    // What the thread logs reaches the run's logger, labelled with the thread.
    expect(lines.some((line) => line.thread === 'broker')).toBe(true);
    // ...and no line carries either secret.
    expect(JSON.stringify(lines)).not.toContain(hubPassword);
    expect(JSON.stringify(lines)).not.toContain(deviceToken);

    await Promise.all(open.clients.splice(0).map((client) => client.endAsync(true)));
    await open.broker.close();
    await open.broker.close(); // closing twice is harmless
    open.broker = undefined;
    await expect(connect(url, 'controller:hub', hubPassword)).rejects.toThrow(/ECONNREFUSED/);
  });
});
