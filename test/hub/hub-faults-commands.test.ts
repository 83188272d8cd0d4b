/**
 * Planted hub faults of EDP-HUB-1 and EDP-HUB-2 (`fleetcert hub --fault NAME`, docs/faults.md):
 * commands forwarded to the device once, unchanged and in order, and each answered once, in time.
 * Each makes the reference hub misbehave exactly as documented, shown against a real process on
 * the embedded broker with recording devices. That the hub judge catches each one is the judge's
 * own test; here the fault is proven to do what it says (the conformant behaviour is in
 * hub-reference.test.ts). hub-faults-catalogue.test.ts checks that every fault has a test.
 */
import { describe, expect, it } from 'vitest';
import { usePlantedFaultHub } from '../support/hub/planted-fault-hub.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const silent = () => undefined;
const { withFault } = usePlantedFaultHub();

const items = (piid: number) => ({ deviceId: 'alpha-0001', items: [{ siid: 2, piid }] });

describe('planted hub faults (docs/faults.md, hub section)', () => {
  it(
    'forward-twice: one command reaches the device under two request ids (EDP-HUB-1)',
    () =>
      withFault('forward-twice', async ({ app, alpha }) => {
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
      withFault('reuse-request-id', async ({ app, alpha }) => {
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
      withFault('drop-action-in', async ({ app, alpha }) => {
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
      withFault('keep-device-id', async ({ app, alpha }) => {
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
      withFault('reorder-commands', async ({ app, alpha }) => {
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
      withFault('never-time-out', async ({ app, alpha }) => {
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
        async ({ app, alpha }) => {
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
      withFault('forward-late-answer', async ({ app, alpha }) => {
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
});
