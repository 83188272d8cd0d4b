import { afterEach, describe, expect, it } from 'vitest';
import { createBrokerAuthPolicy, type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import type { SentMessage } from '../../src/hub/index.js';
import { silentLogger } from '../../src/log/index.js';
import { counterModel } from '../../test/support/simulators/engine/models.js';
import { startFleetThread } from './fleet-thread.js';
import { planHubFleet } from './hub-fleet.js';
import { hubRunTokens, secret } from './hub-run-tasks.js';
import type { LoadFleet } from './load-fleet.js';

const open: { broker?: EmbeddedBroker; fleet?: LoadFleet } = {};
afterEach(async () => {
  await open.fleet?.stop();
  await open.broker?.close();
});

const presence = (sent: readonly SentMessage[]) =>
  sent.flatMap((s) => (s.kind === 'presence' ? [`${s.online ? 'online' : 'offline'}:${s.cause}`] : []));

describe('the hub load fleet in a worker thread', () => {
  it('notifies and flaps at the run’s word, and hands every device’s records over on the parent’s clock', async () => {
    const deviceToken = secret();
    open.broker = await startEmbeddedBroker({
      port: 0,
      auth: createBrokerAuthPolicy({ tokens: hubRunTokens(secret(), deviceToken) }),
    });
    const devices = planHubFleet([{ type: 'counter', model: counterModel(), count: 3 }]);
    const before = performance.now();
    open.fleet = await startFleetThread({
      devices,
      brokerUrl: open.broker.url,
      deviceToken,
      wsToken: secret(),
      seed: 7,
      logger: silentLogger(),
    });
    open.fleet.notify('counter-0002');
    await open.fleet.flap('counter-0003', 1);
    const records = await open.fleet.records();
    const after = performance.now();

    expect([...records.keys()].sort()).toEqual(['counter-0001', 'counter-0002', 'counter-0003']);
    expect(presence(records.get('counter-0001')!.sent)).toEqual(['online:connect']);
    expect(presence(records.get('counter-0003')!.sent)).toEqual([
      'online:connect',
      'offline:graceful',
      'online:connect',
    ]);
    // The notification was asked before the flap's answer came back, so it is recorded by now.
    expect(records.get('counter-0002')!.sent.filter((s) => s.kind === 'notification')).toHaveLength(1);
    for (const device of records.values()) {
      expect(device.dropped).toBe(0);
      expect(device.received).toEqual([]);
      for (const sent of device.sent) {
        expect(sent.atMs).toBeGreaterThanOrEqual(before);
        expect(sent.atMs).toBeLessThanOrEqual(after);
      }
    }
  });

  it('refuses a fleet of MQTT devices with no broker as the in-process fleet does (a usage error)', async () => {
    const devices = planHubFleet([{ type: 'counter', model: counterModel(), count: 1 }]);
    await expect(
      startFleetThread({ devices, wsToken: secret(), seed: 1, logger: silentLogger() }),
    ).rejects.toMatchObject({
      code: 'FLEETCERT_USAGE',
      message: expect.stringContaining('counter-0001 is an MQTT device but the hub has no broker'),
    });
  });
});
