/** The WebSocket binding of PROTOCOL.md section 6: a device as a server for up to many controllers. */
export { bearerToken, tokenMatches } from './bearer.js';
export { startWsDevice, WS_PATH, type WsDevice, type WsDeviceOptions } from './ws-device.js';
