import { createWebSocketStream, WebSocket } from 'ws';
import type { Transport } from './types.js';

const build: Transport['build'] = ({ url, tls }) => {
  // The URL's path is kept (`ws://host:port/mqtt`); the `mqtt` subprotocol is what brokers expect.
  const socket = new WebSocket(url.href, ['mqtt'], { ...tls });
  return createWebSocketStream(socket);
};

/** `ws://HOST:PORT/PATH` */
export const wsTransport: Transport = { defaultPort: 80, build };
/** `wss://HOST:PORT/PATH` */
export const wssTransport: Transport = { defaultPort: 443, build };
