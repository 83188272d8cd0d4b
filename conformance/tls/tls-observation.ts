/**
 * What fleetcert's TLS listeners saw while presenting certificates to a device (section 9):
 * socket events only, as data. The listeners (src/tls/) record it; the judge (judge-tls.ts)
 * reads it. Never a token or a password: a CONNECT is kept as its client id and username.
 */
import type { ClientCertificateSeen } from '../../src/tls/index.js';
import type { ClientCertificateRequirement } from './judge-client-certificate.js';
import type { TlsPresentationKind } from './tls-presentations.js';

/** Who an MQTT CONNECT said it was; its password is never kept. */
export interface ConnectSeen {
  readonly clientId: string;
  readonly username?: string;
}

/** One TLS connection attempt of the device, with what was presented on it. Times in ms from the start of the TLS checks. */
export interface TlsAttempt {
  readonly presented: TlsPresentationKind;
  /** The TCP connection arrived. */
  readonly at: number;
  /** The connection ended (either side closed it). */
  readonly endedAt: number;
  /** `completed`: the device finished the TLS handshake; `failed`: it aborted it, or the connection ended first. */
  readonly handshake: 'completed' | 'failed';
  /** The negotiated protocol (`TLSv1.2`, …) when the handshake completed. */
  readonly protocol?: string;
  /** The TLS alert or socket error seen by the server, for the report. */
  readonly detail?: string;
  /** An MQTT CONNECT arrived over this connection. */
  readonly connect?: ConnectSeen;
  /**
   * Large chain only: after CONNECT fleetcert sent a 16 KiB TLS record (a QoS 1 PUBLISH);
   * `acknowledged` when the device answered its PUBACK.
   */
  readonly largeRecord?: 'acknowledged' | 'not-acknowledged';
  /** Mutual TLS, good server only: what the device presented when asked for a client certificate. */
  readonly clientCertificate?: ClientCertificateSeen;
}

/** A connection to the plain (non-TLS) listener beside the TLS one (EDP-TLS-6). */
export interface PlainConnection {
  readonly at: number;
  /** An MQTT CONNECT arrived in plaintext (its token is not kept). */
  readonly connect?: ConnectSeen;
}

/** Why attempts ended before every presentation was made. */
export interface TlsStop {
  /** `silent`: no new attempt within the wait; `interrupted`: Ctrl-C; `absent`: the device never tried at all. */
  readonly cause: 'silent' | 'interrupted' | 'absent';
  /** How long fleetcert waited for the next attempt, in ms. */
  readonly waitedMs: number;
}

export interface TlsObservation {
  readonly deviceId: string;
  /** In arrival order. */
  readonly attempts: readonly TlsAttempt[];
  readonly plain: readonly PlainConnection[];
  readonly stopped?: TlsStop;
  /** Mutual TLS (`--tls-require-client-cert`): the good server asked for a client certificate from this CA. */
  readonly clientCertificateRequired?: ClientCertificateRequirement;
  /** From the first attempt's wait to the last attempt's end, in ms. */
  readonly durationMs: number;
}
