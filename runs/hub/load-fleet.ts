/**
 * What a hub load run needs of its fleet, wherever the devices run: the traffic makes devices
 * notify and flap, the live view counts them online, and the end-of-run count reads every
 * device's records (load/hub/count-against-records.ts). Two fleets give it: the devices on the
 * generator's own event loop (`inProcessLoadFleet`, over runs/hub/hub-fleet.ts), or in a worker
 * thread (./fleet-thread.ts, the default of runHubLoad).
 */
import type { DeviceRecords, HubWsDevice } from '../../src/hub/index.js';
import type { HubFleet } from './hub-fleet.js';

/** One device's records as the count reads them, with how many its recorder dropped at the cap. */
export interface LoadFleetRecords extends DeviceRecords {
  readonly dropped: number;
}

export interface LoadFleet {
  /** The hub configuration's `ws_devices`. */
  readonly wsDevices: readonly HubWsDevice[];
  /** Devices online now (the live view; a thread's figure may be up to half a second old). */
  online(): number;
  /** The device sends a notification of its own, drawn from its seed (nothing while it is offline). */
  notify(deviceId: string): void;
  /** The device goes offline gracefully, stays so `offlineMs`, and comes back; resolves once it is back. */
  flap(deviceId: string, offlineMs: number): Promise<void>;
  /** Every device's records so far, on the run's clock (performance.now() of this thread). */
  records(): Promise<ReadonlyMap<string, LoadFleetRecords>>;
  stop(): Promise<void>;
}

/** The fleet on the caller's event loop: records are read in place. */
export function inProcessLoadFleet(fleet: HubFleet): LoadFleet {
  const byId = new Map(fleet.running.map((d) => [d.deviceId, d]));
  return {
    wsDevices: fleet.wsDevices,
    online: () => fleet.running.filter((d) => d.online).length,
    notify(deviceId) {
      const device = byId.get(deviceId);
      if (device?.online) device.notifyOnItsOwn();
    },
    async flap(deviceId, offlineMs) {
      const device = byId.get(deviceId);
      if (!device) return;
      await device.goOffline('graceful');
      await new Promise((resolve) => setTimeout(resolve, offlineMs));
      await device.comeBack();
    },
    async records() {
      const out = new Map<string, LoadFleetRecords>();
      for (const device of fleet.running) {
        const recorder = device.recorder;
        if (recorder)
          out.set(device.deviceId, {
            received: recorder.received,
            sent: recorder.sent,
            dropped: recorder.dropped,
          });
      }
      return out;
    },
    stop: () => fleet.stop(),
  };
}
