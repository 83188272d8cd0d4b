import { connect } from 'node:tls';
import type { Transport } from './types.js';

/** `mqtts://HOST:PORT` */
export const tlsTransport: Transport = {
  defaultPort: 8883,
  build: ({ host, port, tls }) => {
    const socket = connect({ host, port, servername: host, ...tls });
    socket.setNoDelay(true);
    return socket;
  },
};
