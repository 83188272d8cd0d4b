/**
 * The fleet's controls as a hub certification issues them, overlapping (issue 18): fast-check
 * abandons a session at its time limit, and the next session's reset between sessions runs
 * while the abandoned session still switches devices off and on. Real MQTT devices on the
 * embedded broker; each interleaving is forced by the device's own events, never by time.
 */
import { describe, expect, it } from 'vitest';
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import type { EmbeddedBroker } from '../../src/broker/index.js';
import { usePerTest } from '../../test/support/per-test.js';
import { referenceModel } from '../../test/support/reference-simulator.js';
import { macrotask, settlement } from '../../test/support/settlement.js';
import { RecordedFleet } from './recorded-fleet.js';

const TOKEN = 'fleet-token';
const ID = 'bulb-0004';

const perTest = usePerTest();

async function fleetOfOne(): Promise<{
  fleet: RecordedFleet;
  device: RunningDevice;
  broker: EmbeddedBroker;
}> {
  const broker = await perTest.broker(TOKEN);
  const device = await runDevice({
    model: referenceModel('bulb'),
    deviceId: ID,
    token: TOKEN,
    transport: { kind: 'mqtt', url: broker.url },
    seed: 4,
    telemetryPeriodMs: false,
    record: true,
  });
  perTest.defer(() => device.stop());
  const fleet = new RecordedFleet([device], {
    now: () => performance.now(),
    // The broker has seen the cut connection go: its will is out before the device comes back.
    brokerSawLeave: async (deviceId) => {
      while (broker.isConnected(deviceId)) await new Promise((resolve) => setImmediate(resolve));
    },
  });
  return { fleet, device, broker };
}

describe('RecordedFleet: overlapping controls (issue 18)', () => {
  for (const how of ['abrupt', 'graceful'] as const) {
    it(`a goOffline (${how}) issued while the reset's comeBack connects: the reset finishes, then the device goes off`, async () => {
      const { fleet, device, broker } = await fleetOfOne();
      await fleet.goOffline(ID, 'abrupt');
      let off: Promise<void> | undefined;
      // The abandoned session's control lands after CONNACK, before online presence is out.
      device.binding!.client.once('connect', () => {
        off = fleet.goOffline(ID, how);
      });
      const reset = settlement(fleet.reset());
      while (off === undefined) await macrotask();
      await off;
      expect(reset()).toBe('resolved');
      // The last control issued wins.
      expect(fleet.isOnline(ID)).toBe(false);
      expect(broker.isConnected(ID)).toBe(false);
      await fleet.reset();
      expect(fleet.isOnline(ID)).toBe(true);
    });
  }

  it('a graceful goOffline still under way when the reset starts: the reset brings the device back', async () => {
    const { fleet, broker } = await fleetOfOne();
    const off = fleet.goOffline(ID, 'graceful');
    // The device still counts as online here: its offline presence is not acknowledged yet.
    expect(fleet.isOnline(ID)).toBe(true);
    await Promise.all([off, fleet.reset()]);
    expect(fleet.isOnline(ID)).toBe(true);
    expect(broker.isConnected(ID)).toBe(true);
  });

  it('comeBack and goOffline issued together apply in that order', async () => {
    const { fleet } = await fleetOfOne();
    await fleet.goOffline(ID, 'graceful');
    const back = fleet.comeBack(ID);
    const off = fleet.goOffline(ID, 'abrupt');
    await Promise.all([back, off]);
    expect(fleet.isOnline(ID)).toBe(false);
  });
});
