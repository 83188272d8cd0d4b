/**
 * A device login the broker refused. Before the first success that is a setup mistake (wrong
 * token or device id), reported instead of retried forever.
 */
import { FleetcertError } from '../../../src/index.js';
import { describeMqttError } from '../../../src/transport/mqtt/index.js';

/** The broker refused the device's credentials: retrying cannot help. */
export class DeviceLoginError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_DEVICE_LOGIN', message, { exitCode: 2, ...options });
  }
}

/** CONNACK codes a device cannot recover from by retrying (3.1.1: 2, 4, 5; 5.0: 0x85–0x87, 0x8C). */
const FATAL_CONNACK_CODES = new Set([2, 4, 5, 0x85, 0x86, 0x87, 0x8c]);

/** The DeviceLoginError for `error` if it is a refusal retrying cannot help; otherwise undefined. */
export function loginRefusal(
  deviceId: string,
  error: Error & { code?: unknown },
): DeviceLoginError | undefined {
  if (!(typeof error.code === 'number' && FATAL_CONNACK_CODES.has(error.code))) return undefined;
  return new DeviceLoginError(
    `broker refused device ${deviceId}: ${describeMqttError(error)}; check --token and the device id`,
    { cause: error },
  );
}
