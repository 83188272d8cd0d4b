/** A simulated device over MQTT (PROTOCOL.md section 5). */
export {
  type Backoff,
  type BackoffOptions,
  createBackoff,
  FIRST_TRY_LIMIT_MS,
  RETRY_GAP_LIMIT_MS,
} from './backoff.js';
export { MqttDeviceBinding } from './binding.js';
export type { MqttDeviceBindingEvents, MqttDeviceBindingOptions } from './binding-options.js';
export { DeviceControlSupersededError } from './come-back-waiters.js';
export { DeviceLoginError } from './device-login-error.js';
export type { TlsFaultName } from './device-tls.js';
export { TLS_FAULT_NAMES } from './device-tls.js';
