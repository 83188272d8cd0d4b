/**
 * The fleet's controls on one MQTT device (goOffline / comeBack) in every order a run can
 * issue them, with a real broker and no timing: each interleaving is forced by the client's own
 * events (its CONNECT sent, its CONNACK handled). Issue 18: a `comeBack` that a `goOffline`
 * overtook while it was still connecting never settled, and the run waited for it 60 s
 * (FLEETCERT_FLEET_STUCK); a `comeBack` during a reconnect attempt opened a second connection
 * that the broker's client-id takeover played against the first.
 */
import type { Packet } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { usePerTest } from '../../../test/support/per-test.js';
import { macrotask, settlement } from '../../../test/support/settlement.js';
import { mqttBulb } from '../../../test/support/simulators/mqtt-bulb.js';
import type { MqttDeviceBinding } from './binding.js';
import { DeviceControlSupersededError } from './come-back-waiters.js';

const TOKEN = 'T';

const perTest = usePerTest();
const broker = () => perTest.broker(TOKEN);

async function onlineBulb(url: string): Promise<MqttDeviceBinding> {
  const binding = mqttBulb(url, { token: TOKEN }, perTest.defer);
  await binding.start();
  return binding;
}

/** CONNECT packets the device's client writes from now on. */
function connectsSent(device: MqttDeviceBinding): () => number {
  let count = 0;
  device.client.on('packetsend', (packet: Packet) => {
    if (packet.cmd === 'connect') count++;
  });
  return () => count;
}

describe('MqttDeviceBinding controls in any order (issue 18)', () => {
  for (const how of ['abrupt', 'graceful'] as const) {
    it(`a goOffline (${how}) after CONNACK, before online presence, settles the comeBack it overtook`, async () => {
      const b = await broker();
      const device = await onlineBulb(b.url);
      await device.goOffline('abrupt');
      // The binding's own 'connect' listener runs first: the SUBSCRIBE to rpc is out, presence is not.
      const off = new Promise<void>((resolve, reject) =>
        device.client.once('connect', () => device.goOffline(how).then(resolve, reject)),
      );
      const back = settlement(device.comeBack());
      await off;
      await macrotask();
      expect(back()).toBeInstanceOf(DeviceControlSupersededError);
      expect(device.online).toBe(false);
      // The last control wins, and the device still comes back when asked.
      await device.comeBack();
      expect(device.online).toBe(true);
      expect(b.isConnected('bulb-0001')).toBe(true);
    });
  }

  it('a goOffline while the CONNECT is still unanswered stops that attempt: the device stays off', async () => {
    const b = await broker();
    const device = await onlineBulb(b.url);
    await device.goOffline('abrupt');
    const sent = connectsSent(device);
    const back = settlement(device.comeBack());
    expect(sent()).toBe(1);
    await device.goOffline('graceful');
    await macrotask();
    expect(back()).toBeInstanceOf(DeviceControlSupersededError);
    expect(device.online).toBe(false);
    // The attempt is over, not left to bring the device online behind the fleet's back at its CONNACK.
    expect(device.client.stream.destroyed).toBe(true);
    expect(sent()).toBe(1);
  });

  it('a comeBack during a reconnect attempt joins it: one CONNECT, no takeover by its own connection', async () => {
    const b = await broker();
    const device = await onlineBulb(b.url);
    const sent = connectsSent(device);
    // The broker drops the device; its own backoff retries. comeBack arrives as that CONNECT goes out.
    const joined = new Promise<void>((resolve, reject) =>
      device.client.on('packetsend', (packet: Packet) => {
        if (packet.cmd === 'connect' && sent() === 1) device.comeBack().then(resolve, reject);
      }),
    );
    b.disconnectClient('bulb-0001');
    await joined;
    expect(device.online).toBe(true);
    // A second CONNECT under the same client id would make the broker take over the first connection.
    expect(sent()).toBe(1);
  });

  it('a comeBack issued while a graceful goOffline is under way brings the device back after it', async () => {
    const b = await broker();
    const device = await onlineBulb(b.url);
    const off = device.goOffline('graceful');
    const back = device.comeBack();
    await off;
    await back;
    // Resolved only once online again: not at once because the leaving connection was still up.
    expect(device.online).toBe(true);
    expect(b.isConnected('bulb-0001')).toBe(true);
  });
});
