/** A simulated device over MQTT (PROTOCOL.md section 5). */
export {
  type Backoff,
  type BackoffOptions,
  createBackoff,
  FIRST_TRY_LIMIT_MS,
  RETRY_GAP_LIMIT_MS,
} from './backoff.js';
export {
  DeviceLoginError,
  MqttDeviceBinding,
  type MqttDeviceBindingEvents,
  type MqttDeviceBindingOptions,
} from './binding.js';
export { DeviceControlSupersededError } from './come-back-waiters.js';
export type { TlsFaultName } from './device-tls.js';
export { TLS_FAULT_NAMES } from './device-tls.js';
