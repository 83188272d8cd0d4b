/**
 * The broker of `--listen`: fleetcert's embedded broker, where the device logs in with its own
 * token and the judge as `controller:fleetcert` with a fresh one. Started here, in the
 * composition, and handed to the judge as the broker-control port it declares
 * (conformance/certify/listen-broker.ts); the judge never starts or stops a broker.
 */
import { randomBytes } from 'node:crypto';
import type { CertifyTarget } from '../../conformance/settings/index.js';
import { startTlsStage, type TlsStage } from '../../conformance/tls/index.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  startEmbeddedBroker,
  tokenMapPolicy,
} from '../../src/broker/index.js';
import type { Logger } from '../../src/log/index.js';
import { controllerUsername } from '../../src/transport/mqtt/index.js';
import type { DeviceRunTarget } from './device-run-target.js';
import type { DevicePlace } from './device-run-tasks.js';

export interface ListeningBroker {
  readonly broker: EmbeddedBroker;
  /** What the judge is given: the broker, how to log in, how long to wait for the device. */
  readonly target: Extract<CertifyTarget, { mode: 'listen' }>;
  /** With `--listen-tls`: where a device the run starts dials, with its trust anchor. */
  readonly devicePlace?: DevicePlace;
  /** Stops the broker the run started; an `existing` one stays up. */
  close(): Promise<void>;
}

export async function startListenBroker(
  target: Extract<DeviceRunTarget, { mode: 'listen' }>,
  device: { readonly deviceId: string; readonly token: string },
  logger: Logger,
  signal?: AbortSignal,
): Promise<ListeningBroker> {
  // Refusals recorded before this run (a demo broker that ran before) are not the device's.
  const since = Date.now();
  const timing = target.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: target.connectTimeoutMs };
  if (target.existing) {
    const { broker, controllerToken } = target.existing;
    target.onListening?.(broker.url);
    return {
      broker,
      target: { mode: 'listen', broker, controllerToken, since, ...timing },
      close: async () => undefined,
    };
  }
  const controllerToken = randomBytes(18).toString('base64url');
  const broker = await startEmbeddedBroker({
    // Behind TLS the broker's own port serves fleetcert's controller only: the device comes through the TLS listener.
    host: target.tls === undefined ? (target.host ?? '0.0.0.0') : '127.0.0.1',
    port: target.port,
    auth: createBrokerAuthPolicy({
      tokens: tokenMapPolicy({
        [device.deviceId]: device.token,
        [controllerUsername('fleetcert')]: controllerToken,
      }),
    }),
    logger,
  });
  if (target.tls === undefined) {
    target.onListening?.(broker.url);
    return {
      broker,
      target: { mode: 'listen', broker, controllerToken, since, ...timing },
      close: () => broker.close(),
    };
  }
  const tls = target.tls;
  let devicePlace: DevicePlace | undefined;
  let stage: TlsStage;
  try {
    stage = await startTlsStage({
      tls: {
        ...tls,
        onListening: (info) => {
          devicePlace = {
            kind: 'mqtt',
            url:
              tls.binding === 'ws' ? `wss://127.0.0.1:${info.port}/mqtt` : `mqtts://127.0.0.1:${info.port}`,
            tls: { caPem: tls.ca.certificatePem, servername: tls.serverName, plainPort: info.plainPort },
          };
          tls.onListening?.(info);
        },
      },
      host: target.host ?? '0.0.0.0',
      deviceId: device.deviceId,
      broker,
      firstAttemptWaitMs: target.connectTimeoutMs ?? 60_000,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    await broker.close();
    throw error;
  }
  return {
    broker,
    target: { mode: 'listen', broker, controllerToken, since, ...timing, tls: stage },
    ...(devicePlace === undefined ? {} : { devicePlace }),
    close: async () => {
      await stage.close();
      await broker.close();
    },
  };
}
