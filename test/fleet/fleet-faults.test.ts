/** Binding-layer faults on the MQTT link of a fleet, against a real Mosquitto: each visibly takes effect. */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFleet } from '../../simulators/fleet/fleet.js';
import { parseFleetFault } from '../../simulators/fleet/fleet-faults.js';
import type { Fleet } from '../../simulators/fleet/types.js';
import { parseModelText } from '../../src/model/load.js';
import { connectFleetController, type FleetController } from '../support/fleet-controller.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';

const BULB = parseModelText(
  readFileSync(new URL('../../fixtures/models/bulb.json', import.meta.url), 'utf8'),
  'bulb',
).model;

let broker: RunningMosquitto;
let controller: FleetController;
let fleet: Fleet | undefined;
let run = 0;

beforeAll(async () => {
  broker = await startMosquitto();
  controller = await connectFleetController(broker.url);
});
afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});
afterAll(async () => {
  await controller?.close();
  await broker?.stop();
});

/** One bulb per fault list, with its own id prefix so runs do not see each other's retained messages. */
async function bulbWith(...faults: string[]): Promise<string> {
  const prefix = `r${++run}-`;
  fleet = await startFleet({
    groups: [{ name: 'bulb', model: BULB, count: 1 }],
    broker: broker.url,
    idPrefix: prefix,
    tokens: { kind: 'single', token: 'T' },
    faults: faults.map(parseFleetFault),
  });
  await fleet.ready(5_000);
  return `${prefix}bulb-0001`;
}

const states = (id: string) =>
  controller.received.filter((r) => r.deviceId === id && r.kind === 'state').map((r) => r.body.online);
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves once `check` holds (polled), or fails after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(20);
  }
}
const reconnected = () =>
  until(() => fleet!.counts().reconnects === 1 && fleet!.counts().connected === 1, 'the reconnect');
const send = (id: string, body: unknown) =>
  controller.client.publishAsync(`edp/1/${id}/rpc`, JSON.stringify(body), { qos: 1 });

describe('MQTT binding faults in a fleet', () => {
  it('disconnect-abrupt: the will reports offline, then the device reconnects and announces itself again (EDP-MQTT-2)', async () => {
    const id = await bulbWith('disconnect-abrupt');
    await controller.waitFor((r) => r.deviceId === id && r.kind === 'state' && r.body.online === true);
    await send(id, { id: 1, method: 'get_model' });
    await controller.waitFor(
      (r) => r.deviceId === id && r.kind === 'state' && r.body.online === false,
      5_000,
      'the will',
    );
    await reconnected();
    await until(() => states(id).length === 3, 'presence again');
    expect(states(id)).toEqual([true, false, true]);
    expect(fleet!.counts().reconnects).toBe(1);
  });

  it('no-will: an abrupt loss leaves presence online (breaks EDP-MQTT-1)', async () => {
    const id = await bulbWith('no-will', 'disconnect-abrupt');
    await send(id, { id: 1, method: 'get_model' });
    await reconnected();
    await until(() => states(id).length === 2, 'presence again');
    expect(states(id)).toEqual([true, true]);
  });

  it('disconnect-clean: the device publishes offline itself, comes back and keeps its state', async () => {
    const id = await bulbWith('disconnect-clean');
    const reply = await controller.request(id, 'set_properties', [{ siid: 2, piid: 2, value: 77 }]);
    expect(reply.result).toEqual([{ siid: 2, piid: 2, code: 0 }]);
    await reconnected();
    await until(() => states(id).length === 3, 'presence again');
    expect(states(id)).toEqual([true, false, true]);
    expect(fleet!.device(id)!.engine.read(2, 2)).toBe(77);
  });

  it('state-lost-on-reconnect: after a reconnect the device is back at its initial state (breaks EDP-MQTT-2)', async () => {
    const id = await bulbWith('disconnect-clean', 'state-lost-on-reconnect');
    await controller.request(id, 'set_properties', [{ siid: 2, piid: 2, value: 77 }]);
    await reconnected();
    await until(() => states(id).length === 3, 'presence again');
    expect(states(id)).toEqual([true, false, true]);
    expect(fleet!.device(id)!.engine.read(2, 2)).toBe(1);
  });

  it('no-presence: the model is published and requests answered, but presence never goes online', async () => {
    const id = await bulbWith('no-presence');
    await controller.waitFor((r) => r.deviceId === id && r.kind === 'model');
    expect((await controller.request(id, 'get_model')).result).toMatchObject({ model: BULB.model });
    expect(states(id)).toEqual([]);
  });

  it('wrong-presence-model: presence names another model than property (1, 2)', async () => {
    const id = await bulbWith('wrong-presence-model');
    const presence = await controller.waitFor((r) => r.deviceId === id && r.kind === 'state');
    expect(presence.body).toEqual({ online: true, model: `${BULB.model}.other`, fw: '1.0.0' });
  });

  it("acl-violation: the device publishes under another device's topics (breaks EDP-MQTT-3)", async () => {
    await bulbWith('acl-violation');
    // Its first publish after connecting goes to a topic outside edp/1/{its id}/ (the binding uses other-device).
    const stray = await controller.waitFor((r) => r.deviceId === 'other-device' && r.kind === 'events');
    expect(stray.body).toEqual({ method: 'properties_changed', params: [] });
  });

  it('duplicate-replies and garbage-frames reach rpc/reply; drop-notifications silences events', async () => {
    const id = await bulbWith('duplicate-replies', 'garbage-frames', 'drop-notifications');
    await send(id, { id: 5, method: 'set_properties', params: [{ siid: 2, piid: 1, value: true }] });
    await settle(500);
    const replies = controller.received.filter((r) => r.deviceId === id && r.kind === 'rpc/reply');
    expect(replies.filter((r) => r.body.id === 5)).toHaveLength(2);
    expect(replies.some((r) => r.body.id !== 5)).toBe(true);
    expect(controller.received.some((r) => r.deviceId === id && r.kind === 'events')).toBe(false);
  });

  it('a fault with a share lands on that share of the fleet, the same devices for the same seed', async () => {
    run++;
    const make = async () => {
      const f = await startFleet({
        groups: [{ name: 'bulb', model: BULB, count: 40 }],
        broker: broker.url,
        idPrefix: `share${run}-`,
        tokens: { kind: 'single', token: 'T' },
        seed: 5,
        faults: [parseFleetFault('drop-replies@0.25')],
      });
      const faulty = [...f.devices()].filter((d) => d.engine.faults.length > 0).map((d) => d.index);
      await f.stop();
      return faulty;
    };
    const first = await make();
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(20);
    expect(await make()).toEqual(first);
  });
});
