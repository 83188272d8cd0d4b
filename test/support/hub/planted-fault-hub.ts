/**
 * The reference hub with one planted fault (`fleetcert hub --fault NAME`, docs/faults.md), on an
 * embedded broker with three recording devices, for the tests that show each fault does what it
 * says (test/hub/hub-faults-*.test.ts). `usePlantedFaultHub()` starts the broker and devices once
 * per test file; `withFault` runs one hub per test.
 */
import { afterAll, beforeAll } from 'vitest';
import type { HubFaultName } from '../../../simulators/hub/index.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../../src/broker/index.js';
import type { HubWsDevice } from '../../../src/hub/index.js';
import { type AppClient, connectApp } from './app-client.js';
import { referenceHubCommand, startHubProcess } from './hub-process.js';
import { type RecordingDevice, startRecordingDevice } from './recording-mqtt-device.js';

/** What a test body gets: app connections to the faulty hub and the devices behind it. */
export interface FaultSession {
  /** A new app connection (closed after the body); 'list-token' is granted alpha, beta and never-0001, 'star-token' '*'. */
  app(token?: string): Promise<AppClient>;
  /** Granted to 'list-token' (as is beta-0001, also online). */
  readonly alpha: RecordingDevice;
  /** Granted to 'star-token' only. */
  readonly hidden: RecordingDevice;
  /** A device with a name no earlier one in this file had, coming online now. */
  lateDevice(): Promise<RecordingDevice>;
}

export interface PlantedFaultHub {
  /** Runs `body` against a hub with `fault` planted, then stops it and every app connection. */
  withFault(
    fault: HubFaultName,
    body: (session: FaultSession) => Promise<void>,
    deadlineMs?: number,
    wsDevices?: readonly HubWsDevice[],
  ): Promise<void>;
}

/** Registers the file's broker and recording devices (beforeAll/afterAll) and returns `withFault`. */
export function usePlantedFaultHub(): PlantedFaultHub {
  let broker: EmbeddedBroker;
  let alpha: RecordingDevice;
  let beta: RecordingDevice;
  let hidden: RecordingDevice;
  let lateSerial = 0;

  beforeAll(async () => {
    broker = await startEmbeddedBroker({ port: 0 });
    alpha = await startRecordingDevice(broker.url, 'alpha-0001');
    beta = await startRecordingDevice(broker.url, 'beta-0001');
    hidden = await startRecordingDevice(broker.url, 'hidden-0001');
  }, 30_000);

  afterAll(async () => {
    await broker?.close();
  }, 30_000);

  return {
    async withFault(fault, body, deadlineMs = 1_000, wsDevices = []) {
      alpha.responder =
        beta.responder =
        hidden.responder =
          (request) => JSON.stringify({ id: request.id, result: { echo: request.params ?? null } });
      const hub = await startHubProcess(
        {
          mqtt: { url: broker.url, username: 'controller:hub', password: 'hub-token' },
          deadline_ms: deadlineMs,
          ...(wsDevices.length > 0 ? { ws_devices: [...wsDevices] } : {}),
          apps: [
            { token: 'list-token', devices: ['alpha-0001', 'beta-0001', 'never-0001'] },
            { token: 'star-token', devices: '*' },
          ],
        },
        referenceHubCommand(['--log-level', 'warn', '--fault', fault]),
      );
      const apps: AppClient[] = [];
      try {
        await body({
          async app(token = 'list-token') {
            const client = await connectApp(hub.url, token);
            apps.push(client);
            return client;
          },
          alpha,
          hidden,
          lateDevice: () => startRecordingDevice(broker.url, `late-${++lateSerial}-0001`),
        });
      } finally {
        for (const client of apps) await client.close();
        await hub.stop();
      }
    },
  };
}
