import { type AddressInfo, createServer, type Socket } from 'node:net';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { usePerTest } from '../../../test/support/per-test.js';
import type { EmbeddedBroker } from '../../broker/embedded-broker.js';
import { connectMqttController, type MqttController } from './controller.js';
import type { NotificationEvent, ReplyEvent } from './controller-events.js';
import { resolveTransport } from './transports/index.js';

const perTest = usePerTest();

async function setup(): Promise<{ broker: EmbeddedBroker; hub: MqttController; device: mqtt.MqttClient }> {
  const broker = await perTest.broker('T');
  const hub = await connectMqttController({ url: broker.url, name: 'hub', token: 'T', seed: 42 });
  perTest.defer(() => hub.close());
  // A hand-driven "device": it answers exactly what each test tells it to.
  const device = await mqtt.connectAsync(broker.url, {
    clientId: 'bulb-0001',
    username: 'bulb-0001',
    password: 'T',
    reconnectPeriod: 0,
  });
  perTest.defer(() => device.endAsync(true));
  await device.subscribeAsync('edp/1/bulb-0001/rpc', { qos: 1 });
  await hub.subscribeDevice('bulb-0001');
  return { broker, hub, device };
}

describe('MqttController (PROTOCOL.md section 5)', () => {
  it('matches replies by id, reports duplicates as unmatched, and times out', async () => {
    const { hub, device } = await setup();
    const seen: string[] = [];
    device.on('message', (_topic, payload) => {
      const request = JSON.parse(payload.toString()) as { id: number; method: string };
      seen.push(request.method);
      if (request.method === 'silence') return;
      const reply = JSON.stringify({ id: request.id, result: [] });
      device.publish('edp/1/bulb-0001/rpc/reply', reply, { qos: 1 });
      device.publish('edp/1/bulb-0001/rpc/reply', reply, { qos: 1 });
    });
    const replies: ReplyEvent[] = [];
    hub.on('reply', (event) => replies.push(event));
    const answered = await hub.request('bulb-0001', 'get_properties', [{ siid: 2, piid: 1 }]);
    expect(answered).toMatchObject({
      status: 'answered',
      deviceId: 'bulb-0001',
      message: { kind: 'response', result: [] },
    });
    if (answered.status !== 'answered') throw new Error('unreachable');
    expect(answered.receivedAt).toBeGreaterThanOrEqual(answered.sentAt);
    const silent = await hub.request('bulb-0001', 'silence', undefined, { timeoutMs: 100 });
    expect(silent).toMatchObject({ status: 'unanswered', reason: 'timeout', timeoutMs: 100 });
    expect(replies.map((r) => r.matched)).toEqual([true, false]);
    expect(replies[0]?.id).toBe(answered.id);
    expect(seen).toEqual(['get_properties', 'silence']);
  });

  it('draws request ids from its seed, never repeating one (EDP-RPC-5)', async () => {
    const { broker, hub } = await setup();
    const again = await connectMqttController({ url: broker.url, name: 'again', token: 'T', seed: 42 });
    perTest.defer(() => again.close());
    const ids = Array.from({ length: 1_000 }, () => hub.nextRequestId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(Array.from({ length: 1_000 }, () => again.nextRequestId())).toEqual(ids);
    for (const id of ids) expect(id >= 1 && id <= 2 ** 31 - 1 && Number.isInteger(id)).toBe(true);
  });

  it('sends raw frames as given and reports malformed replies against their request', async () => {
    const { hub, device } = await setup();
    const frames: string[] = [];
    device.on('message', (_topic, payload) => {
      frames.push(payload.toString());
      const id = (JSON.parse(payload.toString()) as { id?: number }).id;
      if (id !== undefined) {
        device.publish(
          'edp/1/bulb-0001/rpc/reply',
          JSON.stringify({ id, result: [], error: { code: 1, message: 'x' } }),
          { qos: 1 },
        );
      }
    });
    await hub.send('bulb-0001', '{"not": "a request"}');
    const outcome = await hub.request('bulb-0001', 'get_model');
    expect(frames[0]).toBe('{"not": "a request"}');
    expect(frames[1]).toMatch(/^\{"id":\d+,"method":"get_model"\}$/);
    // EDP-RPC-2: both result and error is invalid, yet it is still the reply to that request.
    expect(outcome).toMatchObject({ status: 'answered', message: { kind: 'invalid' } });
  });

  it('reports presence, models and notifications with what was wrong with them', async () => {
    const { hub, device } = await setup();
    const presence: unknown[] = [];
    const notes: NotificationEvent[] = [];
    hub.on('presence', (event) => presence.push(event.presence ?? event.problem));
    hub.on('notification', (event) => notes.push(event));
    const models = new Promise<unknown>((resolve) => hub.once('model', (event) => resolve(event.document)));
    device.publish('edp/1/bulb-0001/model', '{"edp":1}', { qos: 1, retain: true });
    device.publish('edp/1/bulb-0001/state', '{"online":true,"model":"m","fw":"1"}', { qos: 1 });
    device.publish('edp/1/bulb-0001/state', '{"online":"yes"}', { qos: 1 });
    device.publish(
      'edp/1/bulb-0001/events',
      '{"method":"properties_changed","params":[{"siid":2,"piid":1,"value":true}]}',
      {
        qos: 1,
      },
    );
    expect(await models).toEqual({ edp: 1 });
    await until(() => notes.length === 1 && presence.length === 2);
    expect(presence).toEqual([
      { online: true, model: 'm', fw: '1' },
      'presence needs "online": true or false',
    ]);
    expect(notes[0]?.message).toMatchObject({
      kind: 'notification',
      notification: { method: 'properties_changed' },
    });
  });

  it('names refused subscriptions, bad device ids and bad credentials; reports a lost connection', async () => {
    const { broker, hub } = await setup();
    let lost = 0;
    hub.on('connectionLost', () => lost++);
    await expect(hub.subscribeDevice('bulb-0001', ['rpc'])).rejects.toThrow(
      /broker refused controller:hub the subscription to edp\/1\/bulb-0001\/rpc/,
    );
    await expect(hub.subscribeDevice('Not A Device')).rejects.toThrow(/invalid device id "Not A Device"/);
    await expect(hub.send('Not A Device', 'x')).rejects.toThrow(/invalid device id/);
    await expect(
      connectMqttController({ url: broker.url, name: 'hub', token: 'wrong', seed: 1 }),
    ).rejects.toThrow(
      new RegExp(`cannot connect to ${broker.url} as controller:hub: .*check the URL and the token`),
    );
    const lostNow = new Promise<void>((resolve) => hub.once('connectionLost', () => resolve()));
    broker.disconnectClient(hub.client.options.clientId as string);
    await lostNow;
    expect(lost).toBe(1);
  });
});

describe('MqttController options: each caller’s needs', () => {
  const broker = (): Promise<EmbeddedBroker> => perTest.broker('T');

  async function device(url: string, id: string): Promise<mqtt.MqttClient> {
    const d = await mqtt.connectAsync(url, { clientId: id, username: id, password: 'T', reconnectPeriod: 0 });
    perTest.defer(() => d.endAsync(true));
    return d;
  }

  it('lean mode (load, the harness): payloads reach the hooks undecoded and unmatched, publishes are unchecked', async () => {
    const b = await broker();
    const seen: string[] = [];
    let clockReads = 0;
    const lean = await connectMqttController({
      url: b.url,
      name: 'load-0-0',
      token: 'T',
      now: () => ++clockReads,
      matchReplies: false,
      inbound: {
        reply: (deviceId, payload, topic) => seen.push(`reply ${deviceId} ${topic} ${payload.toString()}`),
        event: (deviceId, payload) => seen.push(`event ${deviceId} ${payload.toString()}`),
      },
    });
    perTest.defer(() => lean.close());
    await lean.subscribeDevices(['bulb-0001', 'bulb-0002'], ['rpcReply', 'events']);
    const bulb = await device(b.url, 'bulb-0002');
    await bulb.subscribeAsync('edp/1/bulb-0002/rpc', { qos: 1 });
    bulb.on('message', (_topic, payload) => {
      bulb.publish('edp/1/bulb-0002/rpc/reply', payload.toString().replace('"method":"x"', '"result":[]'), {
        qos: 1,
      });
      bulb.publish('edp/1/bulb-0002/events', 'not json', { qos: 1 });
    });
    lean.cork();
    lean.publish('bulb-0002', '{"id":7,"method":"x"}');
    lean.uncork();
    await until(() => seen.length === 2);
    expect(seen).toEqual([
      'reply bulb-0002 edp/1/bulb-0002/rpc/reply {"id":7,"result":[]}',
      'event bulb-0002 not json',
    ]);
    // Nothing decoded or timed on this path: the clock was read by no one.
    expect(clockReads).toBe(0);
  });

  it('keeps the latest state and model of each device (presence watching)', async () => {
    const b = await broker();
    const watcher = await connectMqttController({ url: b.url, name: 'watch', token: 'T', keepLatest: true });
    perTest.defer(() => watcher.close());
    const bulb = await device(b.url, 'bulb-0001');
    await bulb.publishAsync('edp/1/bulb-0001/state', '{"online":true,"model":"m","fw":"1"}', {
      qos: 1,
      retain: true,
    });
    await watcher.subscribeDevice('bulb-0001', ['state', 'model']);
    await until(() => watcher.latest('bulb-0001', 'state') !== undefined);
    expect(watcher.latest('bulb-0001', 'state')).toMatchObject({ retained: true });
    expect(String(watcher.latest('bulb-0001', 'state')?.payload)).toBe(
      '{"online":true,"model":"m","fw":"1"}',
    );
    await bulb.publishAsync('edp/1/bulb-0001/state', '{"online":false}', { qos: 1 });
    await until(() => String(watcher.latest('bulb-0001', 'state')?.payload) === '{"online":false}');
    expect(watcher.latest('bulb-0001', 'model')).toBeUndefined();
  });

  it('with reconnectPeriodMs, comes back after a lost connection and subscribes again', async () => {
    const b = await broker();
    const notes: string[] = [];
    const load = await connectMqttController({
      url: b.url,
      name: 'again',
      token: 'T',
      reconnectPeriodMs: 100,
      matchReplies: false,
      inbound: { event: (_id, payload) => notes.push(payload.toString()) },
    });
    perTest.defer(() => load.close());
    await load.subscribeDevices(['bulb-0001'], ['events']);
    let lost = 0;
    load.on('connectionLost', () => lost++);
    const back = new Promise<void>((resolve) => load.client.once('connect', () => resolve()));
    b.disconnectClient(load.client.options.clientId as string);
    await back;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bulb = await device(b.url, 'bulb-0001');
    await bulb.publishAsync('edp/1/bulb-0001/events', 'after', { qos: 1 });
    await until(() => notes.length === 1);
    expect([lost, notes]).toEqual([1, ['after']]);
  });

  it('fails a refused login at once, and, when reconnecting, a broker that never answers after connectTimeoutMs', async () => {
    const b = await broker();
    for (const reconnectPeriodMs of [undefined, 50]) {
      await expect(
        connectMqttController({
          url: b.url,
          name: 'x',
          token: 'wrong',
          ...(reconnectPeriodMs ? { reconnectPeriodMs } : {}),
        }),
      ).rejects.toMatchObject({
        code: 'FLEETCERT_MQTT_CONNECT',
        reason: expect.stringMatching(/Bad username or password/),
      });
    }
    const sockets: Socket[] = [];
    const mute = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', () => resolve()));
    perTest.defer(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => mute.close(resolve));
    });
    const { port } = mute.address() as AddressInfo;
    await expect(
      connectMqttController({
        url: `mqtt://127.0.0.1:${port}`,
        name: 'x',
        token: 'T',
        reconnectPeriodMs: 50,
        connectTimeoutMs: 300,
      }),
    ).rejects.toMatchObject({
      reason: expect.stringMatching(/^(no CONNACK within 300 ms|connack timeout)$/),
    });
  });

  it('subscribes to many devices in batches and names the filters it was refused', async () => {
    const b = await broker();
    const many = await connectMqttController({ url: b.url, name: 'many', token: 'T' });
    perTest.defer(() => many.close());
    const ids = Array.from({ length: 700 }, (_, i) => `bulb-${String(i).padStart(4, '0')}`);
    await many.subscribeDevices(ids, ['rpcReply', 'events']);
    await expect(many.subscribeDevices(['bulb-0001', 'bulb-0002'], ['rpc'])).rejects.toMatchObject({
      code: 'FLEETCERT_MQTT_SUBSCRIBE',
      refused: ['edp/1/bulb-0001/rpc', 'edp/1/bulb-0002/rpc'],
    });
  });
});

describe('transports by URL scheme', () => {
  it('knows mqtt, mqtts, ws and wss with their default ports', () => {
    expect(resolveTransport('mqtt://h').target.port).toBe(1883);
    expect(resolveTransport('mqtts://h').target.port).toBe(8883);
    expect(resolveTransport('ws://h/mqtt').target.port).toBe(80);
    expect(resolveTransport('wss://h:9001/mqtt').target.port).toBe(9001);
    expect(resolveTransport('mqtt://[::1]:1884').target.host).toBe('::1');
  });

  it('names the URL and the fix when it cannot serve it', () => {
    expect(() => resolveTransport('127.0.0.1:1883')).toThrow(/unsupported scheme "127.0.0.1"|is not a URL/);
    expect(() => resolveTransport('http://h')).toThrow(
      /unsupported scheme "http"; use one of mqtt, mqtts, ws, wss/,
    );
    expect(() => resolveTransport('nonsense')).toThrow(
      /"nonsense" is not a URL; write it like mqtt:\/\/127.0.0.1:1883/,
    );
  });
});

async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
