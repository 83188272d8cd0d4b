/**
 * Planted hub faults of EDP-HUB-5 (`fleetcert hub --fault NAME`, docs/faults.md): a token
 * reaches, lists and hears only the devices it is granted.
 * Each makes the reference hub misbehave exactly as documented, shown against a real process on
 * the embedded broker with recording devices. That the hub judge catches each one is the judge's
 * own test; here the fault is proven to do what it says (the conformant behaviour is in
 * hub-reference.test.ts). hub-faults-catalogue.test.ts checks that every fault has a test.
 */
import { describe, expect, it } from 'vitest';
import { usePlantedFaultHub } from '../support/hub/planted-fault-hub.js';

const { withFault } = usePlantedFaultHub();

describe('planted hub faults (docs/faults.md, hub section)', () => {
  it(
    'star-leaks-ungranted: "*" on a list token relays a device it is not granted (EDP-HUB-5)',
    () =>
      withFault('star-leaks-ungranted', async ({ app, hidden }) => {
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
      withFault('forward-ungranted', async ({ app, hidden }) => {
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
});
