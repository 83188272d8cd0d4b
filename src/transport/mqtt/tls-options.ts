/**
 * Client-side TLS for MQTT clients (fleets, load devices and controllers): the broker's trust
 * anchors, the name to verify, and the client certificate each client presents (mutual TLS,
 * PROTOCOL.md section 9: the broker maps the certificate to the device id). One certificate for
 * all, or one per client id. Pure data in (PEM text, crosses worker processes), MQTT.js TLS
 * options out; reading the files is src/tls/client-certificate-files.ts.
 */
import type { ConnectionOptions } from 'node:tls';

/** A client certificate (with any intermediates after it) and its private key, PEM. */
export interface ClientKeyPair {
  readonly cert: string;
  readonly key: string;
}

export interface ClientTlsSettings {
  /** Trust anchors for the broker's certificate (PEM). Default: Node's bundled CAs. */
  readonly ca?: string | Buffer;
  /** The name the broker's certificate must carry. Default: the URL's host. */
  readonly servername?: string;
  /** Check the broker's certificate. Default true. */
  readonly rejectUnauthorized?: boolean;
  /** The client certificate every client presents, unless `perClient` has its own. */
  readonly shared?: ClientKeyPair;
  /** Client certificate by client id (a fleet's device ids). */
  readonly perClient?: Readonly<Record<string, ClientKeyPair>>;
}

/** The TLS options one client connects with; undefined when nothing is set (plain defaults). */
export type TlsOptionsFor = (clientId: string) => ConnectionOptions | undefined;

/**
 * Options per client id, built once each: clients sharing a certificate share one object, which
 * the transport's stream cache keys on (src/transport/mqtt/transports/index.ts).
 */
export function tlsOptionsFor(settings: ClientTlsSettings | undefined): TlsOptionsFor {
  if (settings === undefined) return () => undefined;
  const base: ConnectionOptions = {
    ...(settings.ca === undefined ? {} : { ca: settings.ca }),
    ...(settings.servername === undefined ? {} : { servername: settings.servername }),
    ...(settings.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: settings.rejectUnauthorized }),
  };
  const shared: ConnectionOptions = settings.shared
    ? { ...base, cert: settings.shared.cert, key: settings.shared.key }
    : base;
  const perClient = settings.perClient;
  if (perClient === undefined) return () => shared;
  const built = new Map<string, ConnectionOptions>();
  return (clientId) => {
    const pair = Object.hasOwn(perClient, clientId) ? perClient[clientId] : undefined;
    if (pair === undefined) return shared;
    let options = built.get(clientId);
    if (options === undefined) {
      options = { ...base, cert: pair.cert, key: pair.key };
      built.set(clientId, options);
    }
    return options;
  };
}

/** `{ tlsOptions }` for one client's MQTT.js options, or nothing: where TLS meets the other connect options. */
export function tlsClientOptions(
  tlsFor: TlsOptionsFor,
  clientId: string,
): { tlsOptions?: ConnectionOptions } {
  const tlsOptions = tlsFor(clientId);
  return tlsOptions === undefined ? {} : { tlsOptions };
}

/** Whether any client presents a certificate. */
export function presentsClientCertificate(settings: ClientTlsSettings | undefined): boolean {
  return settings?.shared !== undefined || Object.keys(settings?.perClient ?? {}).length > 0;
}

/** TLS alerts a broker sends about the client's certificate, by Node's error code. */
const CLIENT_CERTIFICATE_ALERTS: Readonly<Record<string, string>> = {
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'it requires a client certificate and none was presented',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE:
    'the handshake failed (a TLS 1.2 broker refusing a missing or unusable client certificate says so)',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'it found the client certificate bad',
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    'the client certificate is not one for clients (extended key usage)',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'the client certificate is not signed by a CA it trusts',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'the client certificate is expired',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'the client certificate is revoked',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'it could not use the client certificate',
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'it denied access to the client certificate',
};

/**
 * Why a broker refused a client's certificate, in words, when `error` is such a refusal (a TLS
 * alert from the server); undefined for anything else (the broker's own certificate, a reset).
 */
export function clientCertificateRefusal(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? undefined : CLIENT_CERTIFICATE_ALERTS[code];
}
