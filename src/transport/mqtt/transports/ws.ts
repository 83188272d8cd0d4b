import { createWebSocketStream, WebSocket } from 'ws';
import { SUBJECT_FRAME_BYTES } from '../../ws/socket-limits.js';
import type { Transport } from './types.js';

const build: Transport['build'] = ({ url, tls }) => {
  // The URL's path is kept (`ws://host:port/mqtt`); the `mqtt` subprotocol is what brokers expect.
  // Bounded and uncompressed (src/transport/ws/socket-limits.ts): MQTT packets here are ~69 KiB at most.
  const socket = new WebSocket(url.href, ['mqtt'], {
    ...tls,
    maxPayload: SUBJECT_FRAME_BYTES,
    perMessageDeflate: false,
  });
  return createWebSocketStream(socket);
};

/** `ws://HOST:PORT/PATH` */
export const wsTransport: Transport = { defaultPort: 80, build };
/** `wss://HOST:PORT/PATH` */
export const wssTransport: Transport = { defaultPort: 443, build };
