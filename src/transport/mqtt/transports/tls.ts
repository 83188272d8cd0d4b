import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { Transport } from './types.js';

/** `mqtts://HOST:PORT` */
export const tlsTransport: Transport = {
  defaultPort: 8883,
  build: ({ host, port, tls }) => {
    // SNI carries host names only (RFC 6066); an IP address is checked against the certificate's IP SAN.
    const socket = connect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}), ...tls });
    socket.setNoDelay(true);
    return socket;
  },
};
