/**
 * The fleet's controls as a hub certification issues them, overlapping (issue 18): fast-check
 * abandons a session at its time limit, and the next session's reset between sessions runs
 * while the abandoned session still switches devices off and on. Real MQTT devices on the
 * embedded broker; each interleaving is forced by the device's own events, never by time.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
} from '../../src/broker/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { RecordedFleet } from './recorded-fleet.js';

const MODELS = join(import.meta.dirname, '../../fixtures/models');
const TOKEN = 'fleet-token';
const ID = 'bulb-0004';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fleetOfOne(): Promise<{
  fleet: RecordedFleet;
  device: RunningDevice;
  broker: EmbeddedBroker;
}> {
  const broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
  });
  cleanups.push(() => broker.close());
  const { model } = await loadModelFile(join(MODELS, 'bulb.json'));
  const device = await runDevice({
    model,
    deviceId: ID,
    token: TOKEN,
    transport: { kind: 'mqtt', url: broker.url },
    seed: 4,
    telemetryPeriodMs: false,
    record: true,
  });
  cleanups.push(() => device.stop());
  const fleet = new RecordedFleet([device], {
    now: () => performance.now(),
    // The broker has seen the cut connection go: its will is out before the device comes back.
    brokerSawLeave: async (deviceId) => {
      while (broker.isConnected(deviceId)) await new Promise((resolve) => setImmediate(resolve));
    },
  });
  return { fleet, device, broker };
}

/** What a control's promise has done by now (its handlers run before a macrotask). */
function settlement(promise: Promise<void>): () => unknown {
  let state: unknown = 'pending';
  promise.then(
    () => {
      state = 'resolved';
    },
    (error: unknown) => {
      state = error;
    },
  );
  return () => state;
}

const macrotask = () => new Promise((resolve) => setImmediate(resolve));

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
