import { once } from 'node:events';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createBrokerAuthPolicy } from './auth-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.js';
import { sharedTokenPolicy } from './token-policy.js';

let broker: EmbeddedBroker | undefined;
const clients: MqttClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await broker?.close();
  broker = undefined;
});

async function start(wsPort?: number): Promise<EmbeddedBroker> {
  broker = await startEmbeddedBroker({
    port: 0,
    ...(wsPort === undefined ? {} : { wsPort }),
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy('T') }),
  });
  return broker;
}

function connect(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 3_000, ...options });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

/** The SUBACK return codes (128 = refused); MQTT.js rejects the promise form on any refusal. */
function grantedCodes(client: MqttClient, topics: string[]): Promise<number[]> {
  return new Promise((resolve) => {
    client.subscribe(topics, { qos: 1 }, (_error, _granted, packet) => {
      resolve([...((packet as { granted?: number[] } | undefined)?.granted ?? [])]);
    });
  });
}

function nextMessage(client: MqttClient): Promise<[string, Buffer]> {
  return new Promise((resolve) => client.once('message', (topic, payload) => resolve([topic, payload])));
}

const device = (id: string, extra: mqtt.IClientOptions = {}) => ({
  clientId: id,
  username: id,
  password: 'T',
  ...extra,
});
const controller = { username: 'controller:test', password: 'T' };

describe('embedded broker (PROTOCOL.md section 5)', () => {
  it('picks a free port and serves devices and controllers with the right token', async () => {
    const b = await start();
    expect(b.port).toBeGreaterThan(0);
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    await connect(b.url, device('bulb-0001'));
    await connect(b.url, controller);
    expect(b.connectedClientIds()).toContain('bulb-0001');
  });

  it('refuses a wrong token and a device whose client id is not its id, and says why', async () => {
    const b = await start();
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(`${refusal.returnCode} ${refusal.reason}`));
    await expect(connect(b.url, device('bulb-0001', { password: 'wrong' }))).rejects.toThrow();
    await expect(connect(b.url, device('bulb-0001', { clientId: 'someone-else' }))).rejects.toThrow();
    expect(refusals).toEqual([
      '4 wrong or missing token for bulb-0001',
      '2 device bulb-0001 must connect with client id bulb-0001, not "someone-else"',
    ]);
  });

  it('EDP-MQTT-3: a device publishing outside its tree is disconnected, logged and recorded', async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    const closed = new Promise<void>((resolve) => bulb.once('close', () => resolve()));
    bulb.publish('edp/1/bulb-0002/state', '{"online":true}', { qos: 1 });
    await closed;
    const [violation] = b.violations.list();
    expect(violation).toMatchObject({
      clientId: 'bulb-0001',
      principal: 'device',
      deviceId: 'bulb-0001',
      action: 'publish',
      topic: 'edp/1/bulb-0002/state',
      rule: 'EDP-MQTT-3',
    });
    expect(b.violations.forDevice('bulb-0001')).toHaveLength(1);
  });

  it('refuses subscriptions outside the ACL with 0x80 and keeps the connection', async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    expect(await grantedCodes(bulb, ['edp/1/bulb-0001/rpc', 'edp/1/+/rpc'])).toEqual([1, 128]);
    const hub = await connect(b.url, controller);
    expect(await grantedCodes(hub, ['edp/1/+/state', 'edp/1/+/rpc', '#'])).toEqual([1, 128, 128]);
    expect(bulb.connected && hub.connected).toBe(true);
    expect(b.violations.list().map((v) => [v.principal, v.topic, v.rule])).toEqual([
      ['device', 'edp/1/+/rpc', 'EDP-MQTT-3'],
      ['controller', 'edp/1/+/rpc', undefined],
      ['controller', '#', undefined],
    ]);
  });

  it('EDP-MQTT-1: cutting a device publishes its will and reports it', async () => {
    const b = await start();
    const hub = await connect(b.url, controller);
    await hub.subscribeAsync('edp/1/+/state', { qos: 1 });
    const will = {
      topic: 'edp/1/bulb-0001/state',
      payload: Buffer.from('{"online":false}'),
      qos: 1 as const,
      retain: true,
    };
    await connect(b.url, device('bulb-0001', { will }));
    const willEvent = once(b.events, 'willPublished');
    const delivered = nextMessage(hub);
    const disconnected = once(b.events, 'clientDisconnected');
    expect(b.disconnectClient('bulb-0001')).toBe(true);
    const [[info], [topic, payload], [gone]] = await Promise.all([willEvent, delivered, disconnected]);
    expect(info).toMatchObject({ clientId: 'bulb-0001', topic: 'edp/1/bulb-0001/state' });
    expect(info.payload.toString()).toBe('{"online":false}');
    expect([topic, payload.toString()]).toEqual(['edp/1/bulb-0001/state', '{"online":false}']);
    expect(gone.clientId).toBe('bulb-0001');
    expect(b.isConnected('bulb-0001')).toBe(false);
    expect(b.disconnectClient('bulb-0001')).toBe(false);
  });

  it('does not report a will on a graceful DISCONNECT', async () => {
    const b = await start();
    let wills = 0;
    b.events.on('willPublished', () => wills++);
    const will = {
      topic: 'edp/1/bulb-0001/state',
      payload: Buffer.from('{"online":false}'),
      qos: 1 as const,
      retain: true,
    };
    const bulb = await connect(b.url, device('bulb-0001', { will }));
    bulb.publish('edp/1/bulb-0001/state', '{"online":true,"model":"m","fw":"1"}', { qos: 1, retain: true });
    const disconnected = once(b.events, 'clientDisconnected');
    await bulb.endAsync();
    await disconnected;
    expect(wills).toBe(0);
  });

  it('serves MQTT over WebSocket when asked', async () => {
    const b = await start(0);
    expect(b.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const hub = await connect(b.wsUrl as string, controller);
    await hub.subscribeAsync('edp/1/bulb-0001/events', { qos: 1 });
    const bulb = await connect(b.url, device('bulb-0001'));
    const received = nextMessage(hub);
    bulb.publish('edp/1/bulb-0001/events', '{"method":"properties_changed","params":[]}', { qos: 1 });
    const [topic] = await received;
    expect(topic).toBe('edp/1/bulb-0001/events');
  });

  it('names the port when it is already in use', async () => {
    const b = await start();
    await expect(startEmbeddedBroker({ port: b.port })).rejects.toThrow(
      new RegExp(`cannot serve MQTT on 127.0.0.1:${b.port}: port ${b.port} on 127.0.0.1 is in use`),
    );
  });
});
