/** Binding-layer planted faults, shared by the MQTT and WebSocket bindings (docs/faults.md). */
export {
  type BindingFaultOptions,
  BindingFaults,
  bindingFaults,
  DEFAULT_LATE_REPLY_MS,
  DEFAULT_REPLY_LATENCY_MS,
  type Disconnect,
  GARBAGE_FRAMES,
} from './binding-faults.js';
