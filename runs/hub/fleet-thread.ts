/**
 * A hub load run's fleet in a worker thread (./fleet-thread-main.ts): the default of runHubLoad.
 * Why: with the embedded broker, 200 devices, the generator and the app checks on one event
 * loop, bench:load-hub's process ran about 0.8 core and sent 8.5 % of its commands late; the
 * devices' MQTT, engine and JSON work is the largest part of it and needs nothing of the
 * generator's loop but a few calls (notify, flap) and, once, the records the count reads.
 * Records stay in the thread until the count asks; they then come over one message per
 * device, each bounded by the recorder's cap, on the parent's clock.
 */
import type { Worker } from 'node:worker_threads';
import type { HubWsDevice } from '../../src/hub/index.js';
import { FleetcertError, UsageError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import type { FleetThreadData, FromFleetThread, ToFleetThread } from './fleet-thread-protocol.js';
import type { HubFleetOptions } from './hub-fleet.js';
import type { LoadFleet, LoadFleetRecords } from './load-fleet.js';
import { relayLog, startTsThread } from './thread-log.js';

/** The thread failed or stopped answering: the run cannot go on with its devices. */
export class FleetThreadError extends FleetcertError {
  constructor(message: string) {
    super(
      'FLEETCERT_HUB_LOAD_FLEET_THREAD',
      `the hub load's fleet thread: ${message} (its log goes to the run's log: rerun with --log-format pretty --log-level debug to see what it did before it failed)`,
    );
  }
}

function startThread(data: FleetThreadData): Worker {
  return startTsThread(import.meta.url, './fleet-thread-main', data);
}

export type FleetThreadOptions = Omit<HubFleetOptions, 'clock' | 'logger'> & { readonly logger: Logger };

export function startFleetThread(options: FleetThreadOptions): Promise<LoadFleet> {
  const { logger } = options;
  const worker = startThread({
    devices: options.devices,
    ...(options.brokerUrl === undefined ? {} : { brokerUrl: options.brokerUrl }),
    ...(options.deviceToken === undefined ? {} : { deviceToken: options.deviceToken }),
    wsToken: options.wsToken,
    seed: options.seed,
    parentTimeOrigin: performance.timeOrigin,
    logLevel: logger.level,
  });
  let online = 0;
  let failure: Error | undefined;
  let nextTicket = 1;
  const flaps = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let collecting:
    | {
        records: Map<string, LoadFleetRecords>;
        done: (r: Map<string, LoadFleetRecords>) => void;
        fail: (e: Error) => void;
      }
    | undefined;
  let onStopped: (() => void) | undefined;
  let notifyBatch: string[] = [];
  const send = (message: ToFleetThread) => {
    if (failure === undefined) worker.postMessage(message);
  };
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return new Promise<LoadFleet>((resolveStart, rejectStart) => {
    const fail = (error: Error) => {
      failure ??= error;
      // The devices are of no use after a failure; the run's teardown may never reach stop().
      void worker.terminate();
      rejectStart(failure);
      for (const waiting of flaps.values()) waiting.reject(failure);
      flaps.clear();
      collecting?.fail(failure);
      collecting = undefined;
      onStopped?.();
    };
    worker.on('error', (error) => fail(new FleetThreadError(error.message)));
    worker.on('exit', (code) => {
      if (onStopped === undefined)
        fail(new FleetThreadError(`it exited (code ${code}) before the run stopped it`));
      onStopped?.();
    });
    worker.on('message', (message: FromFleetThread) => {
      switch (message.type) {
        case 'log':
          relayLog(logger, 'fleet', message.line);
          return;
        case 'online':
          online = message.count;
          return;
        case 'flapped': {
          const waiting = flaps.get(message.ticket);
          flaps.delete(message.ticket);
          if (message.error === undefined) waiting?.resolve();
          else waiting?.reject(new Error(message.error));
          return;
        }
        case 'records':
          collecting?.records.set(message.deviceId, message);
          return;
        case 'records-end':
          collecting?.done(collecting.records);
          collecting = undefined;
          return;
        case 'failed':
          fail(
            message.code === 'FLEETCERT_USAGE'
              ? new UsageError(message.message)
              : new FleetThreadError(message.message),
          );
          return;
        case 'stopped':
          onStopped?.();
          return;
        case 'started':
          resolveStart(fleet(message.wsDevices));
      }
    });

    const fleet = (wsDevices: readonly HubWsDevice[]): LoadFleet => ({
      wsDevices,
      online: () => online,
      notify(deviceId) {
        // One message per turn of the loop, not per notification: the traffic's tick makes several.
        if (notifyBatch.length === 0)
          queueMicrotask(() => {
            send({ type: 'notify', deviceIds: notifyBatch });
            notifyBatch = [];
          });
        notifyBatch.push(deviceId);
      },
      flap(deviceId, offlineMs) {
        if (failure) return Promise.reject(failure);
        const ticket = nextTicket++;
        return new Promise<void>((resolve, reject) => {
          flaps.set(ticket, { resolve, reject });
          send({ type: 'flap', ticket, deviceId, offlineMs });
        });
      },
      records() {
        if (failure) return Promise.reject(failure);
        return new Promise((done, reject) => {
          collecting = { records: new Map(), done, fail: reject };
          send({ type: 'records' });
        });
      },
      async stop() {
        if (onStopped === undefined) {
          const stopped = new Promise<void>((resolve) => {
            onStopped = resolve;
          });
          send({ type: 'stop' });
          await Promise.race([stopped, exited]);
        }
        await worker.terminate();
      },
    });
  });
}
