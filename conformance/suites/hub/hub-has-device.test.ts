/**
 * A fleet event only shows the hub something when the hub has the device (hub-has-device.ts):
 * a WebSocket device listening again is online from the `hello` it sends when the hub
 * reconnects, which section 8 lets come up to 30 s later. These fakes count polls, not time:
 * the hub "reconnects" after a number of looks at the records, and the fleet's clock is the
 * fake's, so nothing here depends on the machine's speed.
 */
import { describe, expect, it } from 'vitest';
import { FleetEventCommand } from './commands/fleet-event.command.js';
import type { DeviceRecords, FleetPort, SentMessage } from './fleet-port.js';
import { HUB_RECONNECT_GAP_MS, recordedOnline, waitUntilHubHasDevice } from './hub-has-device.js';
import type { HubModel, HubSession } from './hub-session.js';

const presence = (atMs: number, online: boolean): SentMessage => ({
  kind: 'presence',
  atMs,
  online,
  cause: online ? 'connect' : 'graceful',
});

/**
 * One WebSocket device, listening; its hub connects (its `hello` recorded) on the `helloAfter`-th
 * look at its records. `log` keeps what the fleet was told and what the records said at that moment.
 */
function wsFleet(options: { helloAfter: number; listening?: boolean; clockStepMs?: number }) {
  const sent: SentMessage[] = [presence(0, true), presence(10, false)];
  const log: string[] = [];
  let looks = 0;
  let clock = 100;
  let listening = options.listening ?? true;
  const records = (): DeviceRecords => {
    looks++;
    clock += options.clockStepMs ?? 1;
    if (looks === options.helloAfter && listening) sent.push(presence(clock, true));
    return { received: [], sent };
  };
  const fleet = {
    devices: [],
    now: () => clock,
    records,
    isOnline: () => listening,
    async goOffline(_id: string, how: 'graceful' | 'abrupt') {
      log.push(
        `offline ${how} while recorded ${recordedOnline({ received: [], sent }) ? 'online' : 'offline'}`,
      );
      listening = false;
      sent.push(presence(clock, false));
    },
    async comeBack() {
      log.push('back');
      listening = true;
    },
    setResponsiveness() {},
    async notifyOnItsOwn() {
      return [];
    },
  } as unknown as FleetPort;
  return { fleet, log, looks: () => looks };
}

/** The least of a session FleetEventCommand touches: the fleet and the wait for an app to hear. */
function sessionOf(fleet: FleetPort): HubSession {
  return {
    ctx: { fleet },
    commands: [],
    waitForPresenceHeard: async () => {},
  } as unknown as HubSession;
}

const freshModel = (): HubModel => ({ offline: new Set(), unresponsive: new Set() });

describe('waitUntilHubHasDevice', () => {
  it('resolves once the records say online (the hub reconnected and got hello), not before', async () => {
    const { fleet, looks } = wsFleet({ helloAfter: 4 });
    await expect(waitUntilHubHasDevice(fleet, 'tv-0003')).resolves.toBe(true);
    expect(looks()).toBe(4);
  });

  it('does not wait for a device that is switched off', async () => {
    const { fleet, looks } = wsFleet({ helloAfter: 4, listening: false });
    await expect(waitUntilHubHasDevice(fleet, 'tv-0003')).resolves.toBe(false);
    expect(looks()).toBe(1);
  });

  it("gives up past section 8's reconnect gap when the hub never connects", async () => {
    const { fleet } = wsFleet({ helloAfter: Number.POSITIVE_INFINITY, clockStepMs: 5_000 });
    await expect(waitUntilHubHasDevice(fleet, 'tv-0003')).resolves.toBe(false);
    expect(fleet.now()).toBeGreaterThanOrEqual(100 + HUB_RECONNECT_GAP_MS);
  });
});

describe('a fleet event on a WebSocket device the hub has not reconnected to yet (issue 18, seed 4)', () => {
  it('goes offline only once the hub has it, so the close is a change the hub must announce', async () => {
    const { fleet, log } = wsFleet({ helloAfter: 3 });
    const model = freshModel();
    await new FleetEventCommand('tv-0003', { kind: 'offline', how: 'graceful' }, 'brief').run(
      model,
      sessionOf(fleet),
    );
    expect(log).toEqual(['offline graceful while recorded online']);
    expect(model.offline.has('tv-0003')).toBe(true);
  });

  it('comes back once the hub has reconnected (its hello recorded)', async () => {
    const { fleet, log, looks } = wsFleet({ helloAfter: 5, listening: false });
    const model = freshModel();
    model.offline.add('tv-0003');
    await new FleetEventCommand('tv-0003', { kind: 'back' }, 'brief').run(model, sessionOf(fleet));
    expect(log).toEqual(['back']);
    expect(looks()).toBe(5);
    expect(recordedOnline(fleet.records('tv-0003'))).toBe(true);
    expect(model.offline.has('tv-0003')).toBe(false);
  });
});
