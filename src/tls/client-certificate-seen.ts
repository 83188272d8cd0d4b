/**
 * What a device presented when fleetcert's good TLS server asked for a client certificate
 * (mutual TLS, PROTOCOL.md section 9): facts only, read at the socket; the judge
 * (conformance/tls/judge-tls.ts) decides whether they name the device and chain to the client CA.
 * Never the certificate's key; the certificate itself is public.
 */
import type { TLSSocket } from 'node:tls';

export type ClientCertificateSeen =
  | { readonly presented: false }
  | {
      readonly presented: true;
      /** The subject, as `CN=bulb-0001, O=…`. */
      readonly subject: string;
      readonly commonName?: string;
      /** The subject alternative names' values (`DNS:`, `URI:`, `IP Address:` … prefixes dropped). */
      readonly altNames: readonly string[];
      readonly issuer: string;
      /** OpenSSL verified it against the client CA (chain and dates). */
      readonly chainsToCa: boolean;
      /** OpenSSL's reason when it did not (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `CERT_HAS_EXPIRED`, …). */
      readonly verifyError?: string;
    };

/** After the handshake of a server socket that requested a certificate (`requestCert`, not rejecting). */
export function seenClientCertificate(socket: TLSSocket): ClientCertificateSeen {
  const peer = socket.getPeerCertificate();
  if (peer === null || peer === undefined || Object.keys(peer).length === 0) return { presented: false };
  const verifyError = opensslVerifyError(socket);
  const commonName = firstOf(peer.subject?.CN);
  return {
    presented: true,
    subject: distinguishedName(peer.subject),
    ...(commonName === undefined ? {} : { commonName }),
    altNames: altNamesOf(peer.subjectaltname),
    issuer: distinguishedName(peer.issuer),
    chainsToCa: verifyError === undefined,
    ...(verifyError === undefined ? {} : { verifyError }),
  };
}

/**
 * OpenSSL's verdict on the peer's chain against the context's `ca`. A tls.Server copies it into
 * `authorized`/`authorizationError` (Node's onServerSocketSecure); a TLSSocket made by hand, as
 * the probe makes one per attempt, is never told, so it is read where Node itself reads it.
 */
function opensslVerifyError(socket: TLSSocket): string | undefined {
  const handle = (socket as unknown as { _handle?: { verifyError?: () => Error | null } })._handle;
  if (typeof handle?.verifyError !== 'function')
    return 'the TLS stack did not say whether the certificate verifies';
  const error = handle.verifyError() as (Error & { code?: string }) | null;
  return error === null ? undefined : (error.code ?? error.message);
}

function firstOf(value: string | readonly string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value[0] as string | undefined) : (value as string | undefined);
}

function distinguishedName(
  name: Readonly<Record<string, string | string[] | undefined>> | undefined,
): string {
  if (name === undefined) return '';
  return Object.entries(name)
    .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ');
}

/** Node's `subjectaltname`: `DNS:a, DNS:b, IP Address:1.2.3.4`, values possibly quoted. */
function altNamesOf(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  return text.split(', ').map((entry) => {
    const value = entry.slice(entry.indexOf(':') + 1);
    if (!value.startsWith('"')) return value;
    try {
      return String(JSON.parse(value));
    } catch {
      return value;
    }
  });
}
