/**
 * The fleet thread of a hub load run (./fleet-thread.ts): the recorded fleet (./hub-fleet.ts)
 * on its own event loop, so the devices' MQTT, engine and JSON work runs beside the
 * generator's schedule and the app checks, not inside them. It does what the parent asks
 * (notify, flap, hand over the records, stop) and reports how many devices are online twice a
 * second. Records are timed on the parent's clock (FleetThreadData.parentTimeOrigin).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunningDevice } from '../../simulators/index.js';
import type { FleetThreadData, FromFleetThread, ToFleetThread } from './fleet-thread-protocol.js';
import { type HubFleet, startHubFleet } from './hub-fleet.js';
import { threadLogger } from './thread-log.js';

const ONLINE_REPORT_MS = 500;

const port = parentPort;
if (!port) throw new Error('fleet-thread-main.ts runs only as a worker thread (runs/hub/fleet-thread.ts)');
const data = workerData as FleetThreadData;
const post = (message: FromFleetThread) => port.postMessage(message);

// performance.now() here counts from this thread's start; the parent's counts from its own.
const shift = performance.timeOrigin - data.parentTimeOrigin;
const clock = {
  now: () => performance.now() + shift,
  schedule(delayMs: number, callback: () => void) {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  },
};
const logger = threadLogger(data.logLevel, (line) => post({ type: 'log', line }));

let fleet: HubFleet | undefined;
let byId = new Map<string, RunningDevice>();
let reporter: NodeJS.Timeout | undefined;

const reportOnline = () => {
  let count = 0;
  for (const device of byId.values()) if (device.online) count++;
  post({ type: 'online', count });
};

async function flap(ticket: number, deviceId: string, offlineMs: number): Promise<void> {
  const device = byId.get(deviceId);
  try {
    if (device) {
      await device.goOffline('graceful');
      await new Promise((resolve) => setTimeout(resolve, offlineMs));
      await device.comeBack();
    }
    post({ type: 'flapped', ticket });
  } catch (error) {
    post({ type: 'flapped', ticket, error: error instanceof Error ? error.message : String(error) });
  }
}

function sendRecords(): void {
  for (const device of byId.values()) {
    const recorder = device.recorder;
    if (!recorder) continue;
    post({
      type: 'records',
      deviceId: device.deviceId,
      received: recorder.received,
      sent: recorder.sent,
      dropped: recorder.dropped,
    });
  }
  post({ type: 'records-end' });
}

async function stop(): Promise<void> {
  if (reporter) clearInterval(reporter);
  await fleet?.stop();
  post({ type: 'stopped' });
  port?.close();
}

port.on('message', (message: ToFleetThread) => {
  if (message.type === 'notify') {
    for (const deviceId of message.deviceIds) {
      const device = byId.get(deviceId);
      if (device?.online) device.notifyOnItsOwn();
    }
  } else if (message.type === 'flap') void flap(message.ticket, message.deviceId, message.offlineMs);
  else if (message.type === 'records') sendRecords();
  else void stop();
});

startHubFleet({
  devices: data.devices,
  ...(data.brokerUrl === undefined ? {} : { brokerUrl: data.brokerUrl }),
  ...(data.deviceToken === undefined ? {} : { deviceToken: data.deviceToken }),
  wsToken: data.wsToken,
  seed: data.seed,
  clock,
  logger,
}).then(
  (started) => {
    fleet = started;
    byId = new Map(started.running.map((d) => [d.deviceId, d]));
    reporter = setInterval(reportOnline, ONLINE_REPORT_MS);
    reportOnline();
    post({ type: 'started', wsDevices: started.wsDevices });
  },
  (error: Error & { code?: string }) => {
    post({
      type: 'failed',
      message: error.message,
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
    });
  },
);
