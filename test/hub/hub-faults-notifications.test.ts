/**
 * Planted hub faults of EDP-HUB-3 and EDP-HUB-4 (`fleetcert hub --fault NAME`, docs/faults.md):
 * device notifications and presence relayed to the app connections that subscribed.
 * Each makes the reference hub misbehave exactly as documented, shown against a real process on
 * the embedded broker with recording devices. That the hub judge catches each one is the judge's
 * own test; here the fault is proven to do what it says (the conformant behaviour is in
 * hub-reference.test.ts). hub-faults-catalogue.test.ts checks that every fault has a test.
 */
import { describe, expect, it } from 'vitest';
import { runDevice } from '../../simulators/index.js';
import { usePlantedFaultHub } from '../support/hub/planted-fault-hub.js';
import { referenceModel } from '../support/reference-simulator.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { withFault } = usePlantedFaultHub();

describe('planted hub faults (docs/faults.md, hub section)', () => {
  it(
    'drop-app-notifications: the 1st and 3rd notifications of a device are lost (EDP-HUB-3)',
    () =>
      withFault('drop-app-notifications', async ({ app, alpha }) => {
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
    'subscribe-narrow-leaks: a list narrowed to part of itself keeps the dropped device; a disjoint one replaces (EDP-HUB-3)',
    () =>
      withFault('subscribe-narrow-leaks', async ({ app, alpha }) => {
        const narrowed = await app();
        await narrowed.request('subscribe', { deviceIds: ['alpha-0001', 'beta-0001'] });
        await narrowed.request('subscribe', { deviceIds: ['beta-0001'] });
        const replaced = await app();
        await replaced.request('subscribe', { deviceIds: ['alpha-0001'] });
        await replaced.request('subscribe', { deviceIds: ['beta-0001'] });
        const marker = await app();
        await marker.request('subscribe', { deviceIds: ['alpha-0001'] });
        await alpha.notify('properties_changed', [{ siid: 2, piid: 2, value: 7 }]);
        const got = await narrowed.waitFor((f) => f.json.method === 'device.properties_changed');
        expect((got.json.params as { deviceId: string }).deviceId).toBe('alpha-0001');
        // The connection whose list was replaced by a disjoint one is not leaked to (the marker heard it, so it was sent).
        await marker.waitFor((f) => f.json.method === 'device.properties_changed');
        await sleep(400);
        expect(replaced.notifications('device.properties_changed')).toEqual([]);
      }),
    30_000,
  );

  it(
    'notify-unsubscribed: a connection that never subscribed gets notifications (EDP-HUB-3)',
    () =>
      withFault('notify-unsubscribed', async ({ app, alpha }) => {
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
      withFault('subscribe-appends', async ({ app, alpha }) => {
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
      withFault('star-misses-later', async ({ app, alpha, lateDevice }) => {
        const client = await app('star-token');
        await client.request('subscribe', { deviceIds: '*' });
        const late = await lateDevice();
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
      withFault('presence-twice', async ({ app, lateDevice }) => {
        const client = await app('star-token');
        await client.request('subscribe', { deviceIds: '*' });
        const late = await lateDevice();
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
      withFault('no-app-presence', async ({ app, lateDevice }) => {
        const client = await app('star-token');
        const late = await lateDevice();
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

  it('ws-online-before-hello: a WebSocket device away is announced online before it comes back (EDP-HUB-4)', async () => {
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
        'ws-online-before-hello',
        async ({ app }) => {
          const client = await app('star-token');
          await expect
            .poll(async () => (await client.request('devices.get_model', { deviceId: ws.deviceId })).error, {
              timeout: 10_000,
            })
            .toBeUndefined();
          await client.request('subscribe', { deviceIds: '*' });
          await ws.goOffline('abrupt');
          const presence = (online: boolean) => (f: { json: { method?: unknown; params?: unknown } }) =>
            f.json.method === 'device.presence' &&
            JSON.stringify(f.json.params) === JSON.stringify({ deviceId: ws.deviceId, online });
          await client.waitFor(presence(false));
          // The device never came back, yet the hub announces it online...
          await client.waitFor(presence(true));
          // ...while it still answers -4010 for it (its own view: offline).
          expect((await client.request('devices.get_model', { deviceId: ws.deviceId })).error).toMatchObject({
            code: -4010,
          });
        },
        1_000,
        [{ deviceId: ws.deviceId, url: ws.url as string, token: 'ws-device-token' }],
      );
    } finally {
      await ws.stop();
    }
  }, 30_000);

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
        async ({ app, lateDevice }) => {
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
          const late = await lateDevice();
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
});
