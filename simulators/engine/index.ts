/**
 * The simulated device engine: pure, generic over any valid model (PROTOCOL.md sections 2–4).
 * Bindings (MQTT, WebSocket) feed it frames and send what it returns.
 */

export { DelegatingEngine } from './delegating-engine.js';
export { encodeReply } from './encode-reply.js';
export { createDeviceEngine, DEFAULT_FIRMWARE, DEFAULT_MANUFACTURER } from './engine.js';
export { defaultValue, EngineError } from './initial-state.js';
export { addInSteps } from './step-arithmetic.js';
export type {
  Clock,
  DeviceEngine,
  DeviceEngineOptions,
  DeviceOutput,
  FrameOptions,
  StateEntry,
} from './types.js';
