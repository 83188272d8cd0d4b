/**
 * Recorded devices and their controls, for real: `runDevice` with `record` over the embedded
 * broker and Mosquitto, and as a WebSocket server. What a controller sees on the wire must be
 * what the device's records say it sent, and the controls must do what they promise: graceful
 * offline is a retained `{online:false}` from the device, abrupt offline is the broker's will,
 * a silent device answers nothing, a slow one answers late.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import { createBrokerAuthPolicy, sharedTokenPolicy, startEmbeddedBroker } from '../../src/broker/index.js';
import { connectFleetController, type FleetController } from '../support/fleet-controller.js';
import { startMosquitto } from '../support/mosquitto.js';
import { referenceModel } from '../support/reference-simulator.js';
import { connectController, tryConnect } from '../support/ws-controller.js';

const TOKEN = 'recorded-token';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function brokers(): Promise<Array<{ name: string; url: string }>> {
  const embedded = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
  });
  cleanups.push(() => embedded.close());
  const mosquitto = await startMosquitto();
  cleanups.push(() => mosquitto.stop());
  return [
    { name: 'embedded', url: embedded.url },
    { name: 'mosquitto', url: mosquitto.url },
  ];
}

async function recordedBulb(url: string): Promise<RunningDevice> {
  const device = await runDevice({
    model: referenceModel('bulb'),
    deviceId: 'bulb-0001',
    token: TOKEN,
    transport: { kind: 'mqtt', url },
    seed: 3,
    telemetryPeriodMs: false,
    record: true,
  });
  cleanups.push(() => device.stop());
  return device;
}

async function controller(url: string): Promise<FleetController> {
  const c = await connectFleetController(url, { password: TOKEN });
  cleanups.push(() => c.close());
  return c;
}

const presence = (c: FleetController, online: boolean, after: number) =>
  c.waitFor(
    (r) => r.deviceId === 'bulb-0001' && r.kind === 'state' && r.body.online === online && r.at >= after,
    5_000,
    `presence online=${online}`,
  );

describe('a recorded MQTT device', () => {
  it('records what it received and sent as the controller saw it, on both brokers', async () => {
    for (const broker of await brokers()) {
      const device = await recordedBulb(broker.url);
      const c = await controller(broker.url);
      const reply = await c.request('bulb-0001', 'set_properties', [{ siid: 2, piid: 1, value: true }]);
      const records = device.recorder!;
      const received = records.received.find((r) => r.id === reply.id);
      expect(received, broker.name).toMatchObject({
        method: 'set_properties',
        params: [{ siid: 2, piid: 1, value: true }],
      });
      const response = records.sent.find((s) => s.kind === 'response' && s.requestId === reply.id);
      expect(response && response.kind === 'response' ? response.message : undefined).toEqual(reply);
      expect(records.sent[0]).toMatchObject({ kind: 'presence', online: true, cause: 'connect' });
      const notified = device.notifyOnItsOwn();
      expect(notified.length).toBe(1);
      const event = await c.waitFor(
        (r) => r.kind === 'events' && r.at > 0 && JSON.stringify(r.body) === JSON.stringify(notified[0]),
      );
      expect(event.deviceId).toBe('bulb-0001');
      expect(records.sent.at(-1)).toMatchObject({ kind: 'notification', method: notified[0]!.method });
      await device.stop();
    }
  });

  it('goes offline gracefully (its own offline presence) and abruptly (the will), and comes back each time', async () => {
    for (const broker of await brokers()) {
      const device = await recordedBulb(broker.url);
      const c = await controller(broker.url);
      let t = performance.now();
      await device.goOffline('graceful');
      await presence(c, false, t);
      expect(device.online).toBe(false);
      t = performance.now();
      await device.comeBack();
      await presence(c, true, t);
      t = performance.now();
      await device.goOffline('abrupt');
      await presence(c, false, t);
      // Still off: no reconnect behind the test's back.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(device.online).toBe(false);
      expect(c.received.filter((r) => r.kind === 'state' && r.body.online === true && r.at > t)).toEqual([]);
      t = performance.now();
      await device.comeBack();
      await presence(c, true, t);
      const causes = device
        .recorder!.sent.filter((s) => s.kind === 'presence')
        .map((s) => s.kind === 'presence' && `${s.online}:${s.cause}`);
      expect(causes, broker.name).toEqual([
        'true:connect',
        'false:graceful',
        'true:connect',
        'false:abrupt',
        'true:connect',
      ]);
      await device.stop();
    }
  });

  it('silent answers nothing though it records the request; slow answers after its delay', async () => {
    const [broker] = await brokers();
    const device = await recordedBulb(broker!.url);
    const c = await controller(broker!.url);
    device.recorder!.setResponsiveness({ kind: 'silent' });
    await c.client.publishAsync('edp/1/bulb-0001/rpc', JSON.stringify({ id: 5001, method: 'get_model' }), {
      qos: 1,
    });
    await expect(c.request('bulb-0001', 'get_model')).rejects.toThrow(/timed out/);
    expect(device.recorder!.received.some((r) => r.id === 5001)).toBe(true);
    expect(c.received.some((r) => r.kind === 'rpc/reply' && r.body.id === 5001)).toBe(false);
    device.recorder!.setResponsiveness({ kind: 'slow', delayMs: 1_200 });
    const sent = performance.now();
    const reply = await c.request('bulb-0001', 'get_properties', [{ siid: 2, piid: 1 }]);
    const answered = c.received.find((r) => r.kind === 'rpc/reply' && r.body.id === reply.id)!.at;
    expect(answered - sent).toBeGreaterThanOrEqual(1_150);
  });
});

describe('a recorded WebSocket device', () => {
  it('records hello as presence, goes offline (refusing connections) and comes back on the same URL', async () => {
    for (const how of ['graceful', 'abrupt'] as const) {
      const device = await runDevice({
        model: referenceModel('tv'),
        deviceId: 'tv-0001',
        token: TOKEN,
        transport: { kind: 'ws' },
        telemetryPeriodMs: false,
        record: true,
      });
      cleanups.push(() => device.stop());
      const url = device.url!;
      const first = await connectController(url, TOKEN);
      await first.waitFor((m) => m.method === 'hello');
      first.send({ id: 1, method: 'get_properties', params: [{ siid: 2, piid: 1 }] });
      const reply = await first.reply(1);
      const closed = new Promise<number>((resolve) => first.socket.once('close', (code) => resolve(code)));
      await device.goOffline(how);
      expect(await closed).toBe(how === 'graceful' ? 1001 : 1006);
      await expect(tryConnect(url, TOKEN)).rejects.toThrow(/ECONNREFUSED/);
      await device.comeBack();
      expect(device.url).toBe(url);
      const second = await connectController(url, TOKEN);
      cleanups.push(() => second.close());
      await second.waitFor((m) => m.method === 'hello');
      const records = device.recorder!;
      expect(records.received).toMatchObject([{ id: 1, method: 'get_properties' }]);
      expect(records.sent.map((s) => (s.kind === 'presence' ? `${s.online}:${s.cause}` : s.kind))).toEqual([
        'true:connect',
        'response',
        `false:${how}`,
        'true:connect',
      ]);
      const response = records.sent[1]!;
      expect(response.kind === 'response' && response.message).toEqual(reply);
      await device.stop();
    }
  });
});
