/**
 * A fleet control that never finishes (a device that never comes back online) stops the run with
 * the device and the control named, instead of holding the certification until the run's deadline
 * (issue 18: bench:judge, four certifications at once, one hung 600 s in "app sessions").
 */
import { describe, expect, it } from 'vitest';
import { DeviceRecorder, type RunningDevice } from '../../simulators/index.js';
import { FleetControlStuckError, RecordedFleet } from './recorded-fleet.js';

function deviceThatNeverComesBack(): RunningDevice {
  return {
    deviceId: 'purifier-0001',
    transport: 'mqtt',
    model: { id: 'purifier' },
    firmware: '1.0.0',
    online: false,
    recorder: { sent: [], received: [], dropped: 0, setResponsiveness: () => undefined },
    comeBack: () => new Promise<void>(() => undefined),
    goOffline: () => Promise.resolve(),
    engine: { resetState: () => undefined },
  } as unknown as RunningDevice;
}

describe('RecordedFleet', () => {
  it('names the stuck device and control when comeBack never finishes', async () => {
    const fleet = new RecordedFleet([deviceThatNeverComesBack()], { now: () => 0, controlLimitMs: 20 });
    const error = await fleet.comeBack('purifier-0001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetControlStuckError);
    expect((error as FleetControlStuckError).code).toBe('FLEETCERT_FLEET_STUCK');
    expect((error as Error).message).toContain('purifier-0001');
    expect((error as Error).message).toContain('come back online');
  });

  it('so does the reset between sessions', async () => {
    const fleet = new RecordedFleet([deviceThatNeverComesBack()], { now: () => 0, controlLimitMs: 20 });
    await expect(fleet.reset()).rejects.toThrow(/purifier-0001 did not finish "come back online \(reset\)"/);
  });
});

describe('RecordedFleet records', () => {
  it("hand the judge the recorder's own word on a gap: incomplete from the first record dropped at the cap", () => {
    let now = 10;
    const recorder = new DeviceRecorder({
      clock: { now: () => now, schedule: () => ({ cancel() {} }) },
      maxRecords: 1,
    });
    const device = { ...deviceThatNeverComesBack(), recorder } as unknown as RunningDevice;
    const fleet = new RecordedFleet([device], { now: () => now });
    recorder.frameArrived('{"id":1,"method":"get_model"}', () => undefined);
    expect(fleet.records('purifier-0001').incompleteFromMs).toBeUndefined();
    now = 25;
    recorder.frameArrived('{"id":2,"method":"get_model"}', () => undefined);
    expect(fleet.records('purifier-0001').incompleteFromMs).toBe(25);
    expect(fleet.dropped()).toBe(1);
  });
});
