import { createConnection } from 'node:net';
import type { Transport } from './types.js';

/** `mqtt://HOST:PORT` */
export const tcpTransport: Transport = {
  defaultPort: 1883,
  build: ({ host, port }) => {
    const socket = createConnection({ host, port });
    // Small MQTT packets (acks, replies) must not wait for Nagle's algorithm.
    socket.setNoDelay(true);
    return socket;
  },
};
