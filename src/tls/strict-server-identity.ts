/**
 * Server-name checking as EDP-TLS-4 asks: the host must be among the certificate's subject
 * alternative names; the common name is never consulted. Node's own `tls.checkServerIdentity`
 * falls back to the common name when a certificate has no subject alternative name at all
 * (RFC 6125's legacy rule), so a client using it alone accepts a common-name-only certificate.
 */
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

export function strictServerIdentity(host: string, certificate: PeerCertificate): Error | undefined {
  const altNames = certificate.subjectaltname;
  if (altNames === undefined || altNames.trim() === '') {
    const error = new Error(
      `Hostname/IP does not match certificate's altnames: the certificate has no subject alternative name, and its common name is not consulted (EDP-TLS-4); host: ${host}`,
    ) as Error & { code: string; host: string };
    error.code = 'ERR_TLS_CERT_ALTNAME_INVALID';
    error.host = host;
    return error;
  }
  return checkServerIdentity(host, certificate);
}
