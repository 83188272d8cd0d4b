/**
 * Mutual TLS under EDP-TLS-1 (section 9: "A broker MAY also require a client certificate … the
 * certificate's subject alternative name or common name equals the device id"). Section 9 names
 * no rule for it; fleetcert reads it as part of EDP-TLS-1: the handshake with a broker that
 * requires a client certificate must complete with the certificate the device was provisioned
 * with. Pure: the facts come from the socket (src/tls/client-certificate-seen.ts). Checked in
 * order, the first that fails is named: a certificate at all, its chain to the client CA, its name.
 */
import type { ClientCertificateSeen } from '../../src/tls/index.js';

/** What mutual TLS required of the device, for the judge and the report. */
export interface ClientCertificateRequirement {
  /** The client CA, in a partner's words (its file, or "the run's CA"). */
  readonly ca: string;
}

/** The first check the presented certificate fails, in words; undefined when it passes all three. */
export function clientCertificateProblem(
  seen: ClientCertificateSeen | undefined,
  deviceId: string,
  required: ClientCertificateRequirement,
): string | undefined {
  if (seen === undefined || !seen.presented)
    return `no certificate: the device presented no client certificate when asked (client CA: ${required.ca})`;
  if (!seen.chainsToCa)
    return `wrong CA: the client certificate (${describeClientCertificate(seen)}) does not verify against the client CA ${required.ca}${seen.verifyError === undefined ? '' : ` (${seen.verifyError})`}`;
  if (!namesDevice(seen, deviceId))
    return `name is not the device id: the client certificate (${describeClientCertificate(seen)}) names neither in a subject alternative name nor in its common name the device id ${JSON.stringify(deviceId)}`;
  return undefined;
}

function namesDevice(seen: Extract<ClientCertificateSeen, { presented: true }>, deviceId: string): boolean {
  return seen.altNames.includes(deviceId) || seen.commonName === deviceId;
}

/** The certificate as the report shows it: subject, subject alternative names, issuer. */
export function describeClientCertificate(seen: ClientCertificateSeen): string {
  if (!seen.presented) return 'none';
  const sans = seen.altNames.length === 0 ? 'none' : seen.altNames.map((n) => JSON.stringify(n)).join(', ');
  return `subject ${JSON.stringify(seen.subject)}, SAN ${sans}, issuer ${JSON.stringify(seen.issuer)}`;
}
