/**
 * The reference hub (`fleetcert hub --config FILE`, PROTOCOL.md section 8) as a real process in
 * front of the embedded broker, with scripted recording devices that show byte for byte what it
 * forwarded: the contract (READY, 401, SIGTERM), EDP-HUB-1..5 and the envelope errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import { type AppClient, connectApp, UpgradeRefused } from '../support/hub/app-client.js';
import { type RunningHubProcess, startHubProcess } from '../support/hub/hub-process.js';
import { type RecordingDevice, startRecordingDevice } from '../support/hub/recording-mqtt-device.js';

const DEADLINE_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let broker: EmbeddedBroker;
let hub: RunningHubProcess;
let alpha: RecordingDevice;
let beta: RecordingDevice;
let hidden: RecordingDevice;
const apps: AppClient[] = [];

async function app(token: string): Promise<AppClient> {
  const client = await connectApp(hub.url, token);
  apps.push(client);
  return client;
}

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  alpha = await startRecordingDevice(broker.url, 'alpha-0001', 'edp.test.alpha');
  beta = await startRecordingDevice(broker.url, 'beta-0001', 'edp.test.beta');
  hidden = await startRecordingDevice(broker.url, 'hidden-0001');
  hub = await startHubProcess({
    mqtt: { url: broker.url, username: 'controller:hub', password: 'hub-token' },
    deadline_ms: DEADLINE_MS,
    apps: [
      { token: 'list-token', devices: ['beta-0001', 'alpha-0001', 'never-0001'] },
      { token: 'star-token', devices: '*' },
      { token: 'other-token', devices: ['hidden-0001'] },
    ],
  });
}, 60_000);

afterAll(async () => {
  for (const client of apps) await client.close();
  await hub?.stop();
  await broker?.close();
}, 30_000);

describe('the configuration contract', () => {
  it('prints a line with EDP-HUB READY and its URL once it serves', () => {
    expect(hub.stdout()).toMatch(/^EDP-HUB READY ws:\/\/127\.0\.0\.1:\d+\/edp\/1\/hub seed=1\n$/);
  });

  it('refuses an unknown or missing token with HTTP 401 before the upgrade', async () => {
    await expect(connectApp(hub.url, 'wrong-token')).rejects.toEqual(new UpgradeRefused(401));
    await expect(connectApp(hub.url, undefined)).rejects.toEqual(new UpgradeRefused(401));
    await expect(connectApp(hub.url.replace('/edp/1/hub', '/edp/1'), 'list-token')).rejects.toEqual(
      new UpgradeRefused(404),
    );
  });
});

describe('devices.list (EDP-HUB-5)', () => {
  it('lists exactly the granted devices, sorted, offline ones included, model null when never seen', async () => {
    const client = await app('list-token');
    expect(await client.request('devices.list')).toEqual({
      id: 1,
      result: [
        { deviceId: 'alpha-0001', model: 'edp.test.alpha', online: true },
        { deviceId: 'beta-0001', model: 'edp.test.beta', online: true },
        { deviceId: 'never-0001', model: null, online: false },
      ],
    });
  });

  it('lists every device the hub knows for "*", and only its own for a list token', async () => {
    const star = await app('star-token');
    const listed = (await star.request('devices.list')).result as { deviceId: string }[];
    expect(listed.map((d) => d.deviceId)).toEqual(['alpha-0001', 'beta-0001', 'hidden-0001', 'never-0001']);
    const other = await app('other-token');
    expect((await other.request('devices.list')).result).toEqual([
      { deviceId: 'hidden-0001', model: 'edp.test.recorder', online: true },
    ]);
  });
});

describe('forwarding (EDP-HUB-1)', () => {
  it('gives the device the items verbatim under a fresh id and the app the answer under its own id', async () => {
    const client = await app('list-token');
    const before = alpha.received.length;
    const items = [
      { siid: 2, piid: 1 },
      { siid: 2, piid: 2, extra: [1.5, 'x'] },
    ];
    const reply = await client.request('devices.get_properties', { deviceId: 'alpha-0001', items });
    expect(reply).toEqual({ id: 1, result: { method: 'get_properties', params: items } });
    const got = alpha.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]!.json.method).toBe('get_properties');
    expect(got[0]!.json.params).toEqual(items);
    expect(got[0]!.json.id).toBeGreaterThanOrEqual(1);
  });

  it('forwards params text byte for byte (member order and number spelling kept)', async () => {
    const client = await app('list-token');
    const before = alpha.received.length;
    client.sendRaw(
      '{"id":7,"method":"devices.set_properties","params":{"items":[{"value":1.50,"piid":1,"siid":2}],"deviceId":"alpha-0001"}}',
    );
    await client.waitFor((f) => f.json.id === 7);
    expect(alpha.received[before]!.text).toMatch(/"params":\[\{"value":1\.50,"piid":1,"siid":2\}\]\}$/);
  });

  it('sends action params without deviceId, and a missing in stays missing', async () => {
    const client = await app('list-token');
    const before = alpha.received.length;
    await client.request('devices.action', {
      deviceId: 'alpha-0001',
      siid: 3,
      aiid: 1,
      in: [{ piid: 1, value: 5 }],
    });
    await client.request('devices.action', { siid: 3, deviceId: 'alpha-0001', aiid: 2 });
    const [first, second] = alpha.received.slice(before);
    expect(first!.json.params).toEqual({ siid: 3, aiid: 1, in: [{ piid: 1, value: 5 }] });
    expect(second!.json.params).toEqual({ siid: 3, aiid: 2 });
    expect(second!.text).not.toContain('"in"');
  });

  it('sends get_model without params and returns the device result as is', async () => {
    const client = await app('list-token');
    const before = beta.received.length;
    beta.responder = (request) =>
      JSON.stringify({ id: request.id, result: { model: 'edp.test.beta', services: [] } });
    const reply = await client.request('devices.get_model', { deviceId: 'beta-0001' });
    expect(reply).toEqual({ id: 1, result: { model: 'edp.test.beta', services: [] } });
    expect(beta.received[before]!.json).toEqual({ id: beta.received[before]!.json.id, method: 'get_model' });
  });

  it('relays a device error object as the app error', async () => {
    const client = await app('list-token');
    beta.responder = (request) =>
      JSON.stringify({ id: request.id, error: { code: -32602, message: 'items' } });
    const reply = await client.request('devices.get_properties', { deviceId: 'beta-0001', items: 'nope' });
    expect(reply).toEqual({ id: 1, error: { code: -32602, message: 'items' } });
  });

  it("uses fresh ids, never twice for a device, and keeps one connection's arrival order", async () => {
    const client = await app('star-token');
    const before = alpha.received.length;
    const ids = [];
    for (let k = 0; k < 16; k++)
      ids.push(
        client.send('devices.get_properties', { deviceId: 'alpha-0001', items: [{ siid: 1, piid: k }] }),
      );
    await Promise.all(ids.map((id) => client.waitFor((f) => f.json.id === id)));
    const got = alpha.received.slice(before);
    expect(got.map((f) => (f.json.params as { piid: number }[])[0]!.piid)).toEqual([...Array(16).keys()]);
    const all = alpha.received.map((f) => f.json.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of ids) expect(client.responsesTo(id)).toHaveLength(1);
  });
});

describe('params and frames (section 3, EDP-HUB-2)', () => {
  it('answers -32602 and forwards nothing when params lack an object, a string deviceId or items', async () => {
    const client = await app('list-token');
    const before = alpha.received.length + beta.received.length;
    const bad: [string, unknown][] = [
      ['devices.get_properties', undefined],
      ['devices.get_properties', ['alpha-0001']],
      ['devices.get_properties', { deviceId: 5, items: [] }],
      ['devices.get_properties', { deviceId: 'alpha-0001' }],
      ['devices.set_properties', { deviceId: 'alpha-0001' }],
      ['devices.action', { siid: 1, aiid: 1 }],
      ['devices.get_model', {}],
      ['subscribe', { deviceIds: 'alpha-0001' }],
      ['subscribe', { deviceIds: [1] }],
    ];
    for (const [method, params] of bad) {
      const reply = await client.request(method, params);
      expect(reply.error, `${method} ${JSON.stringify(params)}`).toMatchObject({ code: -32602 });
    }
    await sleep(200);
    expect(alpha.received.length + beta.received.length).toBe(before);
  });

  it('answers envelope errors: array -32600, not JSON -32700, binary -32700, oversize -32600, no id -32600, unknown method -32601', async () => {
    const client = await app('list-token');
    client.sendRaw('[{"id":1,"method":"devices.list"}]');
    client.sendRaw('{"id":2,');
    client.sendRaw(Buffer.from('{"id":3,"method":"devices.list"}'), true);
    client.sendRaw(JSON.stringify({ id: 4, method: 'devices.list', params: { pad: 'x'.repeat(70_000) } }));
    client.sendRaw('{"method":"devices.list"}');
    client.sendRaw('{"id":6,"method":"devices.nothing"}');
    client.sendRaw(`{"id":8,"method":"devices.list","params":${'['.repeat(30_000)}${']'.repeat(30_000)}}`);
    await client.waitFor((f) => f.json.id === 8);
    const codes = client.frames.map((f) => [f.json.id, (f.json.error as { code: number } | undefined)?.code]);
    expect(codes).toEqual([
      [null, -32600],
      [null, -32700],
      [null, -32700],
      [null, -32600],
      [null, -32600],
      [6, -32601],
      [8, undefined],
    ]);
  });
});

describe('offline, silent and late devices (EDP-HUB-2)', () => {
  it('answers -4010 for a granted device never seen, and forwards nothing', async () => {
    const client = await app('list-token');
    const reply = await client.request('devices.get_properties', { deviceId: 'never-0001', items: [] });
    expect(reply).toEqual({ id: 1, error: { code: -4010, message: 'device offline' } });
  });

  it('answers -4011 between D and D + 1 s to a silent device and drops its late answer', async () => {
    const client = await app('list-token');
    const held: (() => void)[] = [];
    beta.responder = (request) => {
      held.push(() => beta.publishRaw('rpc/reply', JSON.stringify({ id: request.id, result: 'late' })));
      return undefined;
    };
    const sent = performance.now();
    const id = client.send('devices.get_properties', { deviceId: 'beta-0001', items: [] });
    const frame = await client.waitFor((f) => f.json.id === id);
    const took = frame.at - sent;
    expect(frame.json).toEqual({ id, error: { code: -4011, message: 'device did not answer in time' } });
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    for (const answer of held) answer();
    await sleep(500);
    expect(client.responsesTo(id)).toHaveLength(1);
    beta.responder = (request) => JSON.stringify({ id: request.id, result: 'ok' });
  });
});

describe('unknown and ungranted (EDP-HUB-5)', () => {
  it('answers both with the same -4012 and forwards nothing', async () => {
    const client = await app('list-token');
    const before = hidden.received.length;
    const ungranted = await client.request('devices.get_properties', { deviceId: 'hidden-0001', items: [] });
    const unknown = await client.request('devices.get_properties', { deviceId: 'ghost-0001', items: [] });
    const action = await client.request('devices.action', { deviceId: 'hidden-0001', siid: 1, aiid: 1 });
    expect(ungranted.error).toEqual({ code: -4012, message: 'unknown or not granted device' });
    expect(unknown.error).toEqual(ungranted.error);
    expect(action.error).toEqual(ungranted.error);
    const star = await app('star-token');
    expect((await star.request('devices.get_model', { deviceId: 'ghost-0001' })).error).toEqual(
      ungranted.error,
    );
    await sleep(200);
    expect(hidden.received.length).toBe(before);
  });
});

describe('subscriptions and notifications (EDP-HUB-3, EDP-HUB-4)', () => {
  it('delivers to subscribers once, replaces on subscribe, [] unsubscribes, ungranted changes nothing', async () => {
    const subscriber = await app('list-token');
    const bystander = await app('list-token');
    expect(await subscriber.request('subscribe', { deviceIds: ['alpha-0001'] })).toEqual({
      id: 1,
      result: {},
    });
    await alpha.notify('properties_changed', [{ siid: 2, piid: 1, value: true }]);
    await beta.notify('properties_changed', [{ siid: 2, piid: 1, value: false }]);
    const first = await subscriber.waitFor((f) => f.json.method === 'device.properties_changed');
    expect(first.json).toEqual({
      method: 'device.properties_changed',
      params: { deviceId: 'alpha-0001', items: [{ siid: 2, piid: 1, value: true }] },
    });
    // A list with an ungranted id: -4012 and the old set stays.
    expect(
      (await subscriber.request('subscribe', { deviceIds: ['beta-0001', 'hidden-0001'] })).error,
    ).toMatchObject({
      code: -4012,
    });
    await alpha.notify('event_occurred', { siid: 4, eiid: 1, arguments: [] });
    await subscriber.waitFor((f) => f.json.method === 'device.event_occurred');
    // Replace: beta only.
    await subscriber.request('subscribe', { deviceIds: ['beta-0001'] });
    await alpha.notify('properties_changed', [{ siid: 2, piid: 1, value: false }]);
    await beta.notify('properties_changed', [{ siid: 2, piid: 2, value: 7 }]);
    await subscriber.waitFor((f) => JSON.stringify(f.json).includes('"value":7'));
    await subscriber.request('subscribe', { deviceIds: [] });
    await beta.notify('properties_changed', [{ siid: 2, piid: 2, value: 8 }]);
    await sleep(400);
    expect(
      subscriber.notifications().map((n) => [(n.params as { deviceId: string }).deviceId, n.method]),
    ).toEqual([
      ['alpha-0001', 'device.properties_changed'],
      ['alpha-0001', 'device.event_occurred'],
      ['beta-0001', 'device.properties_changed'],
    ]);
    expect(subscriber.notifications()[1]!.params).toEqual({
      deviceId: 'alpha-0001',
      event: { siid: 4, eiid: 1, arguments: [] },
    });
    expect(bystander.notifications()).toEqual([]);
  });

  it('"*" covers devices that appear later; presence only on a change, never to ungranted tokens', async () => {
    const star = await app('star-token');
    const lister = await app('list-token');
    const other = await app('other-token');
    await star.request('subscribe', { deviceIds: '*' });
    await lister.request('subscribe', { deviceIds: '*' });
    await other.request('subscribe', { deviceIds: '*' });
    const late = await startRecordingDevice(broker.url, 'late-0001');
    const online = await star.waitFor((f) => f.json.method === 'device.presence');
    expect(online.json.params).toEqual({ deviceId: 'late-0001', online: true });
    await late.notify('properties_changed', [{ siid: 1, piid: 1, value: 1 }]);
    await star.waitFor((f) => f.json.method === 'device.properties_changed');
    // Presence republished without a change: no notification.
    await late.publishRaw(
      'state',
      JSON.stringify({ online: true, model: 'edp.test.recorder', fw: '1.0.0' }),
      true,
    );
    late.drop();
    await star.waitFor(
      (f) => f.json.method === 'device.presence' && (f.json.params as { online: boolean }).online === false,
    );
    await sleep(300);
    expect(star.notifications('device.presence').map((n) => n.params)).toEqual([
      { deviceId: 'late-0001', online: true },
      { deviceId: 'late-0001', online: false },
    ]);
    expect(lister.notifications()).toEqual([]);
    expect(other.notifications()).toEqual([]);
  });

  it('answers -4010 to a command in flight when its device goes offline, exactly once', async () => {
    const gone = await startRecordingDevice(broker.url, 'gone-0001');
    gone.responder = () => undefined;
    const star = await app('star-token');
    await star.waitFor(() => true, 100).catch(() => undefined);
    const id = star.send('devices.get_properties', { deviceId: 'gone-0001', items: [] });
    await sleep(100);
    await gone.goOffline();
    const frame = await star.waitFor((f) => f.json.id === id);
    expect((frame.json.error as { code: number }).code).toBe(-4010);
    await sleep(DEADLINE_MS + 300);
    expect(star.responsesTo(id)).toHaveLength(1);
  });
});

describe('capacity', () => {
  it('serves 8 connections with 16 requests in flight each without error', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => app('star-token')));
    const waits = clients.flatMap((client) =>
      Array.from({ length: 16 }, (_, k) => {
        const sentAt = performance.now();
        const id = client.send('devices.get_properties', {
          deviceId: k % 2 ? 'alpha-0001' : 'beta-0001',
          items: [k],
        });
        return client
          .waitFor((f) => f.json.id === id)
          .then((f) => ({ reply: f.json, tookMs: performance.now() - sentAt }));
      }),
    );
    const replies = await Promise.all(waits);
    // Within capacity nothing is refused (no -4013) and nothing else fails. A -4011 is this test's
    // own devices answering after the 1 s deadline on a busy machine (seen once in CI): allowed
    // only when it really came after the deadline, never as an early refusal.
    const errors = replies.filter(({ reply }) => 'error' in reply);
    const timedOut = errors.filter(({ reply }) => (reply.error as { code?: unknown }).code === -4011);
    expect(errors.filter((e) => !timedOut.includes(e)).map((e) => e.reply)).toEqual([]);
    for (const { tookMs } of timedOut) expect(tookMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
  });
});

describe('bounds', () => {
  it('answers -4013 only beyond 64 requests in flight on one connection, and every request exactly once', async () => {
    const client = await app('star-token');
    const keep = beta.responder;
    beta.responder = () => undefined;
    const ids = Array.from({ length: 70 }, () => client.send('devices.get_model', { deviceId: 'beta-0001' }));
    await Promise.all(ids.map((id) => client.waitFor((f) => f.json.id === id, 15_000)));
    beta.responder = keep;
    const codes = ids.map((id) => (client.responsesTo(id)[0]!.json.error as { code: number }).code);
    expect(codes.filter((c) => c === -4013)).toHaveLength(6);
    expect(codes.filter((c) => c === -4011)).toHaveLength(64);
    await sleep(300);
    for (const id of ids) expect(client.responsesTo(id)).toHaveLength(1);
  });
});

describe('stopping', () => {
  it('exits 0 on SIGTERM', async () => {
    for (const client of apps.splice(0)) await client.close();
    const stopped = await hub.stop();
    expect(stopped).toEqual({ code: 0, signal: null });
  });
});
