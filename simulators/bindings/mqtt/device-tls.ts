/**
 * A simulated device's TLS client (PROTOCOL.md section 9): it trusts the CA it was given, dials
 * the broker by name, and checks the server's certificate itself before any MQTT leaves it, so
 * each planted TLS fault (docs/faults.md) can relax exactly one check:
 * - chain to the trust anchor (EDP-TLS-2), unless `accept-any-certificate`;
 * - validity dates (EDP-TLS-3), unless `accept-expired`;
 * - the host among the subject alternative names, never the common name (EDP-TLS-4), unless
 *   `skip-name-check`, or `accept-common-name-only` (Node's own check, which falls back to the CN);
 * - TLS 1.2 or newer (EDP-TLS-5), unless `allow-tls-1.1`;
 * - after a refused handshake, no plaintext (EDP-TLS-6), unless `fall-back-to-plain`, which then
 *   sends its CONNECT, token included, to the plain port.
 * MQTT.js writes CONNECT at once: the stream holds it until the checks pass.
 */
import { connect as connectTcp } from 'node:net';
import { Duplex } from 'node:stream';
import { checkServerIdentity, connect as connectTls, type PeerCertificate, type TLSSocket } from 'node:tls';
import mqttPacket from 'mqtt-packet';
import { type ClientOptions, createWebSocketStream, WebSocket } from 'ws';
import { strictServerIdentity } from '../../../src/tls/index.js';
import type { ConnectStream } from '../../../src/transport/mqtt/transports/index.js';
import type { TlsFaultName } from '../../faults/types.js';

export { TLS_FAULT_NAMES, type TlsFaultName } from '../../faults/types.js';

export interface DeviceTlsOptions {
  /** PEM of the trust anchors the device was configured with. */
  readonly caPem: string;
  /** The host name it dials (default: the URL's host). */
  readonly servername?: string;
  /** For `fall-back-to-plain`: where plaintext MQTT goes (default the broker host, port 1883). */
  readonly plainFallbackPort?: number;
  /** Mutual TLS: the certificate (PEM, chain after the leaf) and key it was provisioned with, presented when asked. */
  readonly clientCertificate?: { readonly certPem: string; readonly keyPem: string };
}

/** OpenSSL's verdicts about the chain's dates; every other verify error is about trust. */
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

export function deviceTlsStream(
  target: { readonly host: string; readonly port: number },
  tls: DeviceTlsOptions,
  login: { readonly clientId: string; readonly password?: string },
  faults: ReadonlySet<TlsFaultName>,
): ConnectStream {
  const servername = tls.servername ?? target.host;
  const versions = faults.has('allow-tls-1.1')
    ? ({ minVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } as const)
    : ({ minVersion: 'TLSv1.2' } as const);
  return () => {
    // Node would refuse by itself; the checks below decide instead, one per rule.
    const socket = connectTls({
      host: target.host,
      port: target.port,
      servername,
      ca: tls.caPem,
      rejectUnauthorized: false,
      ...versions,
      ...(tls.clientCertificate === undefined
        ? {}
        : { cert: tls.clientCertificate.certPem, key: tls.clientCertificate.keyPem }),
    });
    socket.setNoDelay(true);
    let verified = false;
    const pending: Array<[Buffer, (error?: Error | null) => void]> = [];
    const stream = new Duplex({
      write(chunk: Buffer, _encoding, callback) {
        if (verified) socket.write(chunk, callback);
        else pending.push([chunk, callback]);
      },
      read() {
        socket.resume();
      },
      final(callback) {
        socket.end();
        callback();
      },
      destroy(error, callback) {
        socket.destroy();
        callback(error);
      },
    });
    let refusedOnce = false;
    const refused = (error: Error) => {
      if (!verified && !refusedOnce && faults.has('fall-back-to-plain'))
        plaintextConnect(target.host, tls.plainFallbackPort ?? 1883, login);
      refusedOnce = true;
      stream.destroy(error);
    };
    socket.once('secureConnect', () => {
      const refusal = refusalOf(socket, servername, faults);
      if (refusal !== undefined) {
        refused(refusal);
        return;
      }
      verified = true;
      for (const [chunk, callback] of pending.splice(0)) socket.write(chunk, callback);
    });
    socket.on('data', (data: Buffer) => {
      if (!stream.push(data)) socket.pause();
    });
    socket.on('end', () => stream.push(null));
    socket.on('error', (error) => refused(error));
    socket.on('close', () => {
      if (!stream.destroyed) stream.destroy();
    });
    return stream;
  };
}

function refusalOf(
  socket: TLSSocket,
  servername: string,
  faults: ReadonlySet<TlsFaultName>,
): Error | undefined {
  const certificate = socket.getPeerCertificate();
  const verifyError = socket.authorizationError;
  const code = typeof verifyError === 'string' ? verifyError : verifyError?.message;
  if (code !== undefined && code !== null) {
    if (DATE_ERRORS.has(code)) {
      if (!faults.has('accept-expired')) return new Error(`server certificate: ${code}`);
    } else if (!faults.has('accept-any-certificate')) return new Error(`server certificate: ${code}`);
  }
  // OpenSSL stops at its first complaint: once trust is waived, the dates are checked here.
  if (!faults.has('accept-expired')) {
    const dates = datesRefusal(certificate);
    if (dates !== undefined) return dates;
  }
  if (faults.has('skip-name-check')) return undefined;
  const check = faults.has('accept-common-name-only') ? checkServerIdentity : strictServerIdentity;
  return check(servername, certificate);
}

function datesRefusal(certificate: PeerCertificate): Error | undefined {
  const now = Date.now();
  if (Date.parse(certificate.valid_from) > now) return new Error('server certificate is not yet valid');
  if (Date.parse(certificate.valid_to) < now) return new Error('server certificate has expired');
  return undefined;
}

/** The planted fallback: the same login in plaintext, once, to the plain port. */
function plaintextConnect(
  host: string,
  port: number,
  login: { readonly clientId: string; readonly password?: string },
) {
  const socket = connectTcp(port, host);
  socket.on('error', () => {});
  socket.on('connect', () => {
    socket.end(
      mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        keepalive: 30,
        clientId: login.clientId,
        username: login.clientId,
        ...(login.password === undefined ? {} : { password: Buffer.from(login.password) }),
      }),
    );
  });
  socket.setTimeout(5_000, () => socket.destroy());
}

/**
 * `wss://` with the same checks: the WebSocket upgrade rides on the checked TLS stream, so no
 * HTTP (nor MQTT) leaves the device before the server's certificate passed (section 9).
 */
export function deviceWssStream(
  url: string,
  tls: DeviceTlsOptions,
  login: { readonly clientId: string; readonly password?: string },
  faults: ReadonlySet<TlsFaultName>,
): ConnectStream {
  const parsed = new URL(url);
  const target = {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? 443 : Number(parsed.port),
  };
  const checked = deviceTlsStream(target, tls, login, faults);
  return () => {
    const ws = new WebSocket(url, 'mqtt', {
      perMessageDeflate: false,
      // The broker's frames are MQTT packets; ws would otherwise buffer up to 100 MiB of one.
      maxPayload: 1024 * 1024,
      // Any Duplex serves: ws hands it to http.request as the request's socket.
      createConnection: (() => checked()) as unknown as ClientOptions['createConnection'],
    });
    const stream = createWebSocketStream(ws);
    ws.on('error', (error) => stream.destroy(error));
    return stream;
  };
}
