/**
 * Every planted hub fault (`fleetcert hub --fault NAME`, docs/faults.md) makes the reference hub
 * misbehave exactly as documented, shown against a real process on the embedded broker with
 * recording devices. That the hub judge catches each one is the judge's own test; here the
 * fault is proven to do what it says (the conformant behaviour is in hub-reference.test.ts).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_FAULT_CATALOGUE, type HubFaultName } from '../../simulators/hub/index.js';
import { runDevice } from '../../simulators/index.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import type { HubWsDevice } from '../../src/hub/index.js';
import { type AppClient, connectApp } from '../support/hub/app-client.js';
import { referenceHubCommand, startHubProcess } from '../support/hub/hub-process.js';
import { type RecordingDevice, startRecordingDevice } from '../support/hub/recording-mqtt-device.js';
import { referenceModel } from '../support/reference-simulator.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = () => undefined;

let broker: EmbeddedBroker;
let alpha: RecordingDevice;
let beta: RecordingDevice;
let hidden: RecordingDevice;
let lateSerial = 0;

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  alpha = await startRecordingDevice(broker.url, 'alpha-0001');
  beta = await startRecordingDevice(broker.url, 'beta-0001');
  hidden = await startRecordingDevice(broker.url, 'hidden-0001');
}, 30_000);

afterAll(async () => {
  await broker?.close();
}, 30_000);

interface Session {
  app(token?: string): Promise<AppClient>;
}

/** Runs `body` against a hub with `fault` planted, then stops it and every app connection. */
async function withFault(
  fault: HubFaultName,
  body: (session: Session) => Promise<void>,
  deadlineMs = 1_000,
  wsDevices: readonly HubWsDevice[] = [],
) {
  alpha.responder =
    beta.responder =
    hidden.responder =
      (request) => JSON.stringify({ id: request.id, result: { echo: request.params ?? null } });
  const hub = await startHubProcess(
    {
      mqtt: { url: broker.url, username: 'controller:hub', password: 'hub-token' },
      deadline_ms: deadlineMs,
      ...(wsDevices.length > 0 ? { ws_devices: [...wsDevices] } : {}),
      apps: [
        { token: 'list-token', devices: ['alpha-0001', 'beta-0001', 'never-0001'] },
        { token: 'star-token', devices: '*' },
      ],
    },
    referenceHubCommand(['--log-level', 'warn', '--fault', fault]),
  );
  const apps: AppClient[] = [];
  try {
    await body({
      async app(token = 'list-token') {
        const client = await connectApp(hub.url, token);
        apps.push(client);
        return client;
      },
    });
  } finally {
    for (const client of apps) await client.close();
    await hub.stop();
  }
}

const items = (piid: number) => ({ deviceId: 'alpha-0001', items: [{ siid: 2, piid }] });

describe('planted hub faults (docs/faults.md, hub section)', () => {
  it(
    'forward-twice: one command reaches the device under two request ids (EDP-HUB-1)',
    () =>
      withFault('forward-twice', async ({ app }) => {
        const client = await app();
        const before = alpha.received.length;
        await client.request('devices.get_properties', items(1));
        await sleep(200);
        const got = alpha.received.slice(before);
        expect(got).toHaveLength(2);
        expect(got[0]!.json.id).not.toBe(got[1]!.json.id);
        expect(got[0]!.json.params).toEqual(got[1]!.json.params);
      }),
    30_000,
  );

  it(
    'reuse-request-id: the next command to a device carries the previous id (EDP-HUB-1)',
    () =>
      withFault('reuse-request-id', async ({ app }) => {
        const client = await app();
        const before = alpha.received.length;
        await client.request('devices.get_properties', items(1));
        await client.request('devices.get_properties', items(2));
        const [first, second] = alpha.received.slice(before);
        expect(second!.json.id).toBe(first!.json.id);
      }),
    30_000,
  );

  it(
    'drop-action-in: the device receives the action without its in (EDP-HUB-1)',
    () =>
      withFault('drop-action-in', async ({ app }) => {
        const client = await app();
        const before = alpha.received.length;
        await client.request('devices.action', {
          deviceId: 'alpha-0001',
          siid: 2,
          aiid: 1,
          in: [{ piid: 1, value: 2 }],
        });
        expect(alpha.received[before]!.json.params).toEqual({ siid: 2, aiid: 1 });
      }),
    30_000,
  );

  it(
    'keep-device-id: the device receives the action params with deviceId (EDP-HUB-1)',
    () =>
      withFault('keep-device-id', async ({ app }) => {
        const client = await app();
        const before = alpha.received.length;
        await client.request('devices.action', { deviceId: 'alpha-0001', siid: 2, aiid: 1, in: [] });
        expect(alpha.received[before]!.json.params).toEqual({
          deviceId: 'alpha-0001',
          siid: 2,
          aiid: 1,
          in: [],
        });
      }),
    30_000,
  );

  it(
    "reorder-commands: a connection's second command to a device overtakes its first (EDP-HUB-1)",
    () =>
      withFault('reorder-commands', async ({ app }) => {
        const client = await app();
        const before = alpha.received.length;
        const first = client.send('devices.get_properties', items(1));
        const second = client.send('devices.get_properties', items(2));
        await client.waitFor((f) => f.json.id === first);
        await client.waitFor((f) => f.json.id === second);
        const order = alpha.received.slice(before).map((f) => (f.json.params as { piid: number }[])[0]!.piid);
        expect(order).toEqual([2, 1]);
      }),
    30_000,
  );

  it(
    'answer-wrong-connection: the answer arrives on another connection of the token (EDP-HUB-1)',
    () =>
      withFault('answer-wrong-connection', async ({ app }) => {
        const asker = await app();
        const other = await app();
        const id = asker.send('devices.get_properties', items(1));
        const misdelivered = await other.waitFor((f) => f.json.id === id);
        expect(misdelivered.json.result).toEqual({ echo: [{ siid: 2, piid: 1 }] });
        await sleep(300);
        expect(asker.responsesTo(id)).toEqual([]);
      }),
    30_000,
  );

  it(
    'never-time-out: a silent device leaves the app without any response (EDP-HUB-2)',
    () =>
      withFault('never-time-out', async ({ app }) => {
        const client = await app();
        alpha.responder = silent;
        const id = client.send('devices.get_properties', items(1));
        await sleep(2_500);
        expect(client.responsesTo(id)).toEqual([]);
      }),
    30_000,
  );

  it(
    'time-out-early: -4011 comes well before deadline_ms (EDP-HUB-2)',
    () =>
      withFault(
        'time-out-early',
        async ({ app }) => {
          const client = await app();
          alpha.responder = silent;
          const sent = performance.now();
          const id = client.send('devices.get_properties', items(1));
          const frame = await client.waitFor((f) => f.json.id === id);
          expect(frame.json.error).toMatchObject({ code: -4011 });
          // deadline_ms is 6 s; the fault answers at 3 s.
          expect(frame.at - sent).toBeLessThan(5_900);
        },
        6_000,
      ),
    30_000,
  );

  it(
    'forward-to-offline: an offline device gets no -4010, the app waits for -4011 (EDP-HUB-2)',
    () =>
      withFault('forward-to-offline', async ({ app }) => {
        const client = await app();
        const reply = await client.request('devices.get_properties', { deviceId: 'never-0001', items: [] });
        expect(reply.error).toMatchObject({ code: -4011 });
      }),
    30_000,
  );

  it(
    'forward-late-answer: after -4011 the late answer comes too, a second response (EDP-HUB-2)',
    () =>
      withFault('forward-late-answer', async ({ app }) => {
        const client = await app();
        alpha.responder = (request) => {
          setTimeout(
            () => void alpha.publishRaw('rpc/reply', JSON.stringify({ id: request.id, result: 'late' })),
            1_500,
          );
          return undefined;
        };
        const id = client.send('devices.get_properties', items(1));
        await client.waitFor((f) => f.json.id === id && f.json.result === 'late', 10_000);
        expect(client.responsesTo(id).map((f) => f.json)).toEqual([
          { id, error: { code: -4011, message: 'device did not answer in time' } },
          { id, result: 'late' },
        ]);
      }),
    30_000,
  );

  it(
    'drop-app-notifications: the 1st and 3rd notifications of a device are lost (EDP-HUB-3)',
    () =>
      withFault('drop-app-notifications', async ({ app }) => {
        const client = await app();
        await client.request('subscribe', { deviceIds: ['alpha-0001'] });
        for (let value = 1; value <= 4; value++)
          await alpha.notify('properties_changed', [{ siid: 2, piid: 2, value }]);
        await client.waitFor((f) => JSON.stringify(f.json).includes('"value":4'));
        await sleep(400);
        const values = client
          .notifications()
          .map((n) => (n.params as { items: { value: number }[] }).items[0]!.value);
        expect(values).toEqual([2, 4]);
      }),
    30_000,
  );

  it(
    'notify-unsubscribed: a connection that never subscribed gets notifications (EDP-HUB-3)',
    () =>
      withFault('notify-unsubscribed', async ({ app }) => {
        const client = await app();
        await alpha.notify('properties_changed', [{ siid: 2, piid: 2, value: 5 }]);
        const got = await client.waitFor((f) => f.json.method === 'device.properties_changed');
        expect(got.json.params).toEqual({ deviceId: 'alpha-0001', items: [{ siid: 2, piid: 2, value: 5 }] });
      }),
    30_000,
  );

  it(
    'subscribe-appends: a replaced subscription keeps its old devices, [] keeps all (EDP-HUB-3)',
    () =>
      withFault('subscribe-appends', async ({ app }) => {
        const client = await app();
        await client.request('subscribe', { deviceIds: ['alpha-0001'] });
        await client.request('subscribe', { deviceIds: ['beta-0001'] });
        await client.request('subscribe', { deviceIds: [] });
        await alpha.notify('properties_changed', [{ siid: 2, piid: 2, value: 6 }]);
        const got = await client.waitFor((f) => f.json.method === 'device.properties_changed');
        expect((got.json.params as { deviceId: string }).deviceId).toBe('alpha-0001');
      }),
    30_000,
  );

  it(
    'star-misses-later: "*" misses the notifications of a device that comes online after subscribing (EDP-HUB-3)',
    () =>
      withFault('star-misses-later', async ({ app }) => {
        const client = await app('star-token');
        await client.request('subscribe', { deviceIds: '*' });
        const late = await startRecordingDevice(broker.url, `late-${++lateSerial}-0001`);
        await sleep(300);
        await late.notify('properties_changed', [{ siid: 1, piid: 1, value: 1 }]);
        await alpha.notify('properties_changed', [{ siid: 2, piid: 2, value: 9 }]);
        await client.waitFor((f) => f.json.method === 'device.properties_changed');
        await sleep(400);
        const from = client
          .notifications('device.properties_changed')
          .map((n) => (n.params as { deviceId: string }).deviceId);
        expect(from).toEqual(['alpha-0001']);
        // Only notifications are missed: its presence still arrived (EDP-HUB-4 holds).
        expect(client.notifications('device.presence').map((n) => n.params)).toEqual([
          { deviceId: late.deviceId, online: true },
        ]);
        await late.goOffline();
      }),
    30_000,
  );

  it(
    'presence-twice: each presence change is sent twice, the second without a change (EDP-HUB-4)',
    () =>
      withFault('presence-twice', async ({ app }) => {
        const client = await app('star-token');
        await client.request('subscribe', { deviceIds: '*' });
        const late = await startRecordingDevice(broker.url, `late-${++lateSerial}-0001`);
        await client.waitFor((f) => f.json.method === 'device.presence');
        await sleep(300);
        expect(client.notifications('device.presence').map((n) => n.params)).toEqual([
          { deviceId: late.deviceId, online: true },
          { deviceId: late.deviceId, online: true },
        ]);
        await late.goOffline();
      }),
    30_000,
  );

  it(
    'no-app-presence: a device going offline is never announced (EDP-HUB-4)',
    () =>
      withFault('no-app-presence', async ({ app }) => {
        const client = await app('star-token');
        const late = await startRecordingDevice(broker.url, `late-${++lateSerial}-0001`);
        await sleep(300);
        await client.request('subscribe', { deviceIds: [late.deviceId] });
        late.drop();
        // The hub saw it go: a command now gets -4010, yet no presence was sent.
        await expect
          .poll(async () => (await client.request('devices.get_model', { deviceId: late.deviceId })).error, {
            timeout: 10_000,
          })
          .toMatchObject({ code: -4010 });
        expect(client.notifications('device.presence')).toEqual([]);
      }),
    30_000,
  );

  it("ws-close-not-offline: a WebSocket device's connection closing is never announced; MQTT presence is (EDP-HUB-4)", async () => {
    const ws = await runDevice({
      model: referenceModel('bulb'),
      deviceId: 'wsbulb-0001',
      token: 'ws-device-token',
      transport: { kind: 'ws', host: '127.0.0.1', port: 0 },
      seed: 1,
      telemetryPeriodMs: false,
    });
    try {
      await withFault(
        'ws-close-not-offline',
        async ({ app }) => {
          const client = await app('star-token');
          await expect
            .poll(async () => (await client.request('devices.get_model', { deviceId: ws.deviceId })).error, {
              timeout: 10_000,
            })
            .toBeUndefined();
          await client.request('subscribe', { deviceIds: '*' });
          await ws.goOffline('abrupt');
          // The hub saw it go: a command now gets -4010, yet no presence was sent for it.
          await expect
            .poll(async () => (await client.request('devices.get_model', { deviceId: ws.deviceId })).error, {
              timeout: 10_000,
            })
            .toMatchObject({ code: -4010 });
          expect(client.notifications('device.presence')).toEqual([]);
          // An MQTT device's offline presence still arrives.
          const late = await startRecordingDevice(broker.url, `late-${++lateSerial}-0001`);
          await client.waitFor((f) => JSON.stringify(f.json.params ?? null).includes(late.deviceId));
          late.drop();
          await client.waitFor(
            (f) =>
              f.json.method === 'device.presence' && JSON.stringify(f.json.params).includes('"online":false'),
          );
        },
        1_000,
        [{ deviceId: ws.deviceId, url: ws.url as string, token: 'ws-device-token' }],
      );
    } finally {
      await ws.stop();
    }
  }, 30_000);

  it(
    'star-leaks-ungranted: "*" on a list token relays a device it is not granted (EDP-HUB-5)',
    () =>
      withFault('star-leaks-ungranted', async ({ app }) => {
        const client = await app('list-token');
        await client.request('subscribe', { deviceIds: '*' });
        await hidden.notify('properties_changed', [{ siid: 1, piid: 1, value: 7 }]);
        const got = await client.waitFor((f) => f.json.method === 'device.properties_changed');
        expect((got.json.params as { deviceId: string }).deviceId).toBe('hidden-0001');
      }),
    30_000,
  );

  it(
    'list-ungranted: devices.list shows a device the token is not granted (EDP-HUB-5)',
    () =>
      withFault('list-ungranted', async ({ app }) => {
        const client = await app();
        const listed = (await client.request('devices.list')).result as { deviceId: string }[];
        expect(listed.map((d) => d.deviceId)).toContain('hidden-0001');
      }),
    30_000,
  );

  it(
    'tell-unknown-from-ungranted: -4012 for an unknown device reads differently (EDP-HUB-5)',
    () =>
      withFault('tell-unknown-from-ungranted', async ({ app }) => {
        const client = await app();
        const ungranted = await client.request('devices.get_model', { deviceId: 'hidden-0001' });
        const unknown = await client.request('devices.get_model', { deviceId: 'ghost-0001' });
        expect((ungranted.error as { code: number }).code).toBe(-4012);
        expect((unknown.error as { code: number }).code).toBe(-4012);
        expect(unknown.error).not.toEqual(ungranted.error);
      }),
    30_000,
  );

  it(
    'forward-ungranted: a command to an ungranted device reaches it (EDP-HUB-5)',
    () =>
      withFault('forward-ungranted', async ({ app }) => {
        const client = await app();
        const before = hidden.received.length;
        const reply = await client.request('devices.get_properties', {
          deviceId: 'hidden-0001',
          items: [{ siid: 1, piid: 1 }],
        });
        expect(reply.result).toEqual({ echo: [{ siid: 1, piid: 1 }] });
        expect(hidden.received.length).toBe(before + 1);
      }),
    30_000,
  );

  it('covers every fault of the catalogue, and docs/faults.md lists each with its rule', () => {
    const tested = readFileSync(new URL(import.meta.url), 'utf8');
    const docs = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');
    const hubSection = docs.slice(docs.indexOf('## Hub faults'));
    expect(HUB_FAULT_CATALOGUE.length).toBeGreaterThanOrEqual(12);
    for (const { name, breaks } of HUB_FAULT_CATALOGUE) {
      expect(tested, `a test plants ${name}`).toMatch(new RegExp(`withFault\\(\\s*'${name}'`));
      const start = hubSection.indexOf(`### \`${name}\``);
      expect(start, `docs/faults.md has a hub entry for ${name}`).toBeGreaterThanOrEqual(0);
      const next = hubSection.indexOf('\n### ', start + 4);
      expect(hubSection.slice(start, next === -1 ? undefined : next)).toContain(`Breaks: ${breaks}`);
    }
  });
});
