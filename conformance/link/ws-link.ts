/** The harness's link to a device over WebSocket (PROTOCOL.md section 6): one controller connection. */
import { connectWsController, type WsControllerConnection } from '../../src/transport/ws/index.js';
import type { DeviceLink } from '../harness/device-link.js';

export interface WsDeviceLink extends DeviceLink {
  readonly connection: WsControllerConnection;
}

export async function connectWsLink(
  url: string,
  token: string,
  connectTimeoutMs = 5_000,
): Promise<WsDeviceLink> {
  const connection = await connectWsController(url, { token, connectTimeoutMs });
  return {
    binding: 'ws',
    requestChannel: 'ws',
    // Responses over WebSocket go to the connection that asked (section 6): every one is ours.
    exclusive: true,
    connection,
    now: () => performance.now(),
    send: (frame, options = {}) => connection.send(frame, options),
    onFrame: (listener) =>
      connection.onFrame((frame) =>
        listener({ atMs: frame.atMs, channel: 'ws', payload: frame.payload, binary: frame.binary }),
      ),
    close: () => connection.close(),
  };
}
