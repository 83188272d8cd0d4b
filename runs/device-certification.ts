/**
 * Certify one simulated device end to end, as `npm start` and the tests do: a broker (the
 * certification's own with `listen`, or an embedded one the run starts with `broker`), the
 * device (simulators' `runDevice`, or a stand-in such as a test's independent device), then
 * `certifyDevice`. Teardown in reverse, also after a failure. This is the composition layer:
 * it may join simulators/ and conformance/, which never import each other.
 */
import type { CertifyConfig, TlsListenOptions } from '../conformance/certify/certify-config.js';
import { certifyDevice } from '../conformance/certify/certify-device.js';
import type { BackoffOptions } from '../simulators/bindings/mqtt/backoff.js';
import type { FaultPlan } from '../simulators/faults/types.js';
import { runDevice } from '../simulators/index.js';
import { createBrokerAuthPolicy, sharedTokenPolicy, startEmbeddedBroker } from '../src/broker/index.js';
import type { Logger } from '../src/log/logger.js';
import type { DeviceModel } from '../src/model/types.js';
import type { CertificationResult } from '../src/result/certification-result.js';
import { createCertificateAuthority } from '../src/tls/certificates.js';

export type DeviceCertificationMode = 'listen' | 'broker' | 'ws';

/** Where a device under certification runs: on a broker, or as a WebSocket server of its own. */
export type DevicePlace =
  | {
      readonly kind: 'mqtt';
      readonly url: string;
      /** `mqtts://`: the trust anchor to install and the name to check (section 9). */
      readonly tls?: DeviceTls;
    }
  | { readonly kind: 'ws' };

/** What a device certified over TLS is configured with. */
export interface DeviceTls {
  readonly caPem: string;
  readonly servername: string;
  /** Where plaintext would go if the device fell back (EDP-TLS-6's watcher). */
  readonly plainPort: number;
}

/** `listen` over TLS (section 9): fleetcert's TLS listener in front of its broker. */
export interface TlsCertificationOptions {
  /** The name the device dials and the good certificate names. Default `broker.fleetcert.test`. */
  readonly serverName?: string;
  /** How long to wait for each attempt after the first (default 32 s). */
  readonly nextAttemptWaitMs?: number;
}

/** A device a run can start and stop: the simulator, or a stand-in. */
export interface StartedDevice {
  /** WebSocket: `ws://HOST:PORT/edp/1`. */
  readonly url?: string;
  stop(): Promise<void>;
}

export type StartDevice = (place: DevicePlace) => Promise<StartedDevice>;

export interface SimulatedDeviceSpec {
  readonly model: DeviceModel;
  readonly sha256: string;
  readonly deviceId: string;
  /** The device's MQTT password, or its WebSocket bearer token. */
  readonly token: string;
  /** Default: the certification's seed. */
  readonly seed?: number;
  readonly faults?: FaultPlan;
  /** Real time between behaviour steps. Default 1000 ms. */
  readonly telemetryPeriodMs?: number;
  /** Reconnect backoff (EDP-MQTT-2); default first try within 1 s, later ones up to 30 s apart. */
  readonly backoff?: BackoffOptions;
}

export interface DeviceCertificationOptions {
  readonly device: SimulatedDeviceSpec;
  readonly mode: DeviceCertificationMode;
  readonly certify: Omit<CertifyConfig, 'target' | 'deviceId' | 'token' | 'model'>;
  /** Start something else in the simulator's place (its model and id are still `device`'s). */
  readonly startDevice?: StartDevice;
  readonly logger?: Logger;
  /** With `listen`: certify the device's TLS first (EDP-TLS-1..6), then everything over TLS. */
  readonly tls?: TlsCertificationOptions;
}

/** How long the device has to reach the certification's own broker (`listen`). */
const CONNECT_TIMEOUT_MS = 15_000;
/** With `broker`: a moment for retained presence and model to settle before certification subscribes. */
const SETTLE_MS = 200;

export async function certifySimulatedDevice(
  options: DeviceCertificationOptions,
): Promise<CertificationResult> {
  const { device } = options;
  const start = options.startDevice ?? simulatorStarter(options);
  const base = {
    ...options.certify,
    deviceId: device.deviceId,
    token: device.token,
    model: { model: device.model, sha256: device.sha256 },
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const started: Array<Promise<StartedDevice>> = [];
  try {
    switch (options.mode) {
      case 'listen': {
        const tls = options.tls === undefined ? undefined : await tlsListen(options.tls, start, started);
        return await certifyDevice({
          ...base,
          target: {
            mode: 'listen',
            port: 0,
            host: '127.0.0.1',
            connectTimeoutMs: CONNECT_TIMEOUT_MS,
            ...(tls === undefined
              ? { onListening: (url: string) => started.push(start({ kind: 'mqtt', url })) }
              : { tls }),
          },
        });
      }
      case 'broker': {
        const broker = await startEmbeddedBroker({
          port: 0,
          auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(device.token) }),
          ...(options.logger ? { logger: options.logger } : {}),
        });
        try {
          started.push(start({ kind: 'mqtt', url: broker.url }));
          await started[0];
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          return await certifyDevice({ ...base, target: { mode: 'broker', url: broker.url } });
        } finally {
          await stopAll(started);
          await broker.close();
        }
      }
      case 'ws': {
        const running = start({ kind: 'ws' });
        started.push(running);
        return await certifyDevice({ ...base, target: { mode: 'ws', url: (await running).url as string } });
      }
    }
  } finally {
    await stopAll(started);
  }
}

/** A CA made for the run; the device, given it as its trust anchor, is started once both listeners listen. */
async function tlsListen(
  options: TlsCertificationOptions,
  start: StartDevice,
  started: Array<Promise<StartedDevice>>,
): Promise<TlsListenOptions> {
  const ca = await createCertificateAuthority('fleetcert run CA');
  const servername = options.serverName ?? 'broker.fleetcert.test';
  return {
    port: 0,
    serverName: servername,
    ca,
    plainPort: 0,
    ...(options.nextAttemptWaitMs === undefined ? {} : { nextAttemptWaitMs: options.nextAttemptWaitMs }),
    onListening: ({ port, plainPort }) =>
      started.push(
        start({
          kind: 'mqtt',
          url: `mqtts://127.0.0.1:${port}`,
          tls: { caPem: ca.certificatePem, servername, plainPort },
        }),
      ),
  };
}

/** The reference simulator for `device`: MQTT devices start in the background (certification waits for them). */
function simulatorStarter(options: DeviceCertificationOptions): StartDevice {
  const { device } = options;
  return (place) =>
    runDevice({
      model: device.model,
      deviceId: device.deviceId,
      token: device.token,
      transport:
        place.kind === 'mqtt'
          ? {
              kind: 'mqtt',
              url: place.url,
              ...(place.tls === undefined
                ? {}
                : {
                    tls: {
                      caPem: place.tls.caPem,
                      servername: place.tls.servername,
                      plainFallbackPort: place.tls.plainPort,
                    },
                  }),
              ...(device.backoff === undefined ? {} : { backoff: device.backoff }),
            }
          : { kind: 'ws' },
      seed: device.seed ?? options.certify.seed,
      telemetryPeriodMs: device.telemetryPeriodMs ?? 1_000,
      waitOnline: false,
      ...(device.faults ? { faults: device.faults } : {}),
      ...(options.logger ? { logger: subjectLogger(options.logger) } : {}),
    });
}

/**
 * The simulator under certification warns when it refuses the judge's own probes (a wrong bearer
 * token, a foreign client id): expected there, alarming in a partner's terminal. Below debug it
 * keeps to errors; `--log-level debug` shows everything.
 */
function subjectLogger(logger: Logger): Logger {
  return logger.levelVal < (logger.levels.values.info ?? 30) ? logger : logger.child({}, { level: 'error' });
}

async function stopAll(started: Array<Promise<StartedDevice>>): Promise<void> {
  const all = started.splice(0);
  await Promise.all(all.map(async (s) => (await s.catch(() => undefined))?.stop()));
}
