/**
 * Certify one simulated device end to end, as `npm start` and the tests do: the device run of
 * runs/device/ (broker → device → judge → results on the task runner) with the simulator (or a
 * stand-in such as a test's independent device) as the device the run starts. `listen`: the
 * certification's own broker; `broker`: an embedded broker the run starts for both; `ws`: the
 * device's own server. This is the composition layer: it may join simulators/ and
 * conformance/, which never import each other.
 */
import type { CertifyConfig, TlsListenOptions } from '../conformance/settings/index.js';
import type { BackoffOptions } from '../simulators/bindings/mqtt/index.js';
import type { FaultPlan } from '../simulators/faults/index.js';
import { runDevice } from '../simulators/index.js';
import type { Logger } from '../src/log/index.js';
import type { DeviceModel } from '../src/model/index.js';
import { createCertificateAuthority, type IssuedCertificate } from '../src/tls/index.js';
import {
  type DeviceCertificationOutcome,
  runDeviceCertification,
} from './device/device-certification-run.js';
import type { StartDevice } from './device/device-run-tasks.js';

export type { DevicePlace, StartDevice, StartedDevice } from './device/device-run-tasks.js';

export type DeviceCertificationMode = 'listen' | 'broker' | 'ws';

/** `listen` over TLS (section 9): fleetcert's TLS listener in front of its broker. */
export interface TlsCertificationOptions {
  /** The name the device dials and the good certificate names. Default `broker.fleetcert.test`. */
  readonly serverName?: string;
  /** How long to wait for each attempt after the first (default 32 s). */
  readonly nextAttemptWaitMs?: number;
  /** `ws`: MQTT over WebSocket over TLS (wss://); default mqtts://. */
  readonly binding?: 'mqtt' | 'ws';
  /** The CA the device trusts; default one made for the run. */
  readonly ca?: IssuedCertificate;
  /** Mutual TLS: the good server asks for a client certificate from this CA (default: `ca`). */
  readonly requireClientCertificate?: { readonly caPem?: string };
}

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
  /** Over TLS: the client certificate (PEM) and key the device presents when a server asks (mutual TLS). */
  readonly clientCertificate?: { readonly certPem: string; readonly keyPem: string };
}

export interface DeviceCertificationOptions {
  readonly device: SimulatedDeviceSpec;
  readonly mode: DeviceCertificationMode;
  readonly certify: Omit<CertifyConfig, 'target' | 'deviceId' | 'token' | 'model' | 'onTrace'>;
  /** Start something else in the simulator's place (its model and id are still `device`'s). */
  readonly startDevice?: StartDevice;
  /** Where the run writes the reports; none when absent. */
  readonly outDir?: string;
  readonly logger?: Logger;
  /** With `listen`: certify the device's TLS first (EDP-TLS-1..6), then everything over TLS. */
  readonly tls?: TlsCertificationOptions;
}

/** How long the device has to reach the certification's own broker (`listen`). */
const CONNECT_TIMEOUT_MS = 15_000;

export async function certifySimulatedDevice(
  options: DeviceCertificationOptions,
): Promise<DeviceCertificationOutcome> {
  const { device } = options;
  return runDeviceCertification({
    ...options.certify,
    deviceId: device.deviceId,
    token: device.token,
    model: { model: device.model, sha256: device.sha256 },
    target:
      options.mode === 'listen'
        ? {
            mode: 'listen',
            port: 0,
            host: '127.0.0.1',
            connectTimeoutMs: CONNECT_TIMEOUT_MS,
            ...(options.tls === undefined ? {} : { tls: await tlsListen(options.tls) }),
          }
        : { mode: options.mode },
    startDevice: options.startDevice ?? simulatorStarter(options),
    ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** A CA made for the run; the device the run starts is given it as its trust anchor. */
async function tlsListen(options: TlsCertificationOptions): Promise<TlsListenOptions> {
  const ca = options.ca ?? (await createCertificateAuthority('fleetcert run CA'));
  const mutual = options.requireClientCertificate;
  return {
    port: 0,
    serverName: options.serverName ?? 'broker.fleetcert.test',
    ca,
    plainPort: 0,
    ...(options.binding === undefined ? {} : { binding: options.binding }),
    ...(mutual === undefined
      ? {}
      : {
          requireClientCertificate: {
            caPem: mutual.caPem ?? ca.certificatePem,
            caSource: mutual.caPem === undefined ? "the run's CA" : 'the client CA given',
          },
        }),
    ...(options.nextAttemptWaitMs === undefined ? {} : { nextAttemptWaitMs: options.nextAttemptWaitMs }),
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
                      ...(device.clientCertificate === undefined
                        ? {}
                        : { clientCertificate: device.clientCertificate }),
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
