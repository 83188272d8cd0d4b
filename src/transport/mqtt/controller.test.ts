import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createBrokerAuthPolicy } from '../../broker/auth-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../broker/embedded-broker.js';
import { sharedTokenPolicy } from '../../broker/token-policy.js';
import { connectMqttController, type MqttController } from './controller.js';
import type { NotificationEvent, ReplyEvent } from './controller-events.js';
import { resolveTransport } from './transports/index.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ broker: EmbeddedBroker; hub: MqttController; device: mqtt.MqttClient }> {
  const broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy('T') }),
  });
  cleanups.push(() => broker.close());
  const hub = await connectMqttController({ url: broker.url, name: 'hub', token: 'T', seed: 42 });
  cleanups.push(() => hub.close());
  // A hand-driven "device": it answers exactly what each test tells it to.
  const device = await mqtt.connectAsync(broker.url, {
    clientId: 'bulb-0001',
    username: 'bulb-0001',
    password: 'T',
    reconnectPeriod: 0,
  });
  cleanups.push(() => device.endAsync(true));
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
    cleanups.push(() => again.close());
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
