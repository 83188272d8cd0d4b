/** The WebSocket binding's controller side (PROTOCOL.md section 6): connections and upgrade probes. */

export { DEVICE_LIST_FRAME_BYTES } from './socket-limits.js';
export { probeUpgrade, type UpgradeOutcome } from './upgrade-probe.js';
export {
  connectWsController,
  type WsControllerConnection,
  type WsControllerOptions,
  type WsFrame,
  type WsFrameListener,
  WsUpgradeRefused,
} from './ws-controller.js';
