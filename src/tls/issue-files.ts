/**
 * The certificate files `fleetcert tls` writes: a CA to keep, a broker (server) certificate,
 * and one client certificate per device (CN = the device id, also its subject alternative
 * name, so a broker that maps either to the user finds the device: PROTOCOL.md section 9).
 */
import { isIP } from 'node:net';
import {
  certificateWithChainPem,
  createCertificateAuthority,
  type IssuedCertificate,
  issueCertificate,
} from './certificates.js';
import type { PemFile } from './pem-files.js';

export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';

/** Certificates made at once: keys are made and signed on the event loop's thread pool. */
const ISSUE_BATCH = 64;

export function keyPairFiles(issued: IssuedCertificate, baseName: string): PemFile[] {
  return [
    { name: `${baseName}.crt`, text: certificateWithChainPem(issued), secret: false },
    { name: `${baseName}.key`, text: issued.privateKeyPem, secret: true },
  ];
}

export async function certificateAuthorityFiles(commonName: string, validDays: number): Promise<PemFile[]> {
  const ca = await createCertificateAuthority(commonName, validDays);
  return [
    { name: CA_CERT_FILE, text: ca.certificatePem, secret: false },
    { name: CA_KEY_FILE, text: ca.privateKeyPem, secret: true },
  ];
}

/** A broker certificate naming every host in `hosts` (DNS names or IP addresses) in its SAN. */
export async function serverCertificate(
  ca: IssuedCertificate,
  hosts: readonly string[],
  validDays: number,
): Promise<IssuedCertificate> {
  const commonName = hosts.find((host) => isIP(host) === 0) ?? (hosts[0] as string);
  return issueCertificate({ commonName, altNames: hosts, usage: 'server', validDays }, ca);
}

/** One client certificate per id, named `{id}.crt` / `{id}.key`; `altName: false` for names that are no DNS name. */
export async function clientCertificateFiles(
  ca: IssuedCertificate,
  clients: readonly { readonly commonName: string; readonly fileName: string; readonly altName: boolean }[],
  validDays: number,
): Promise<PemFile[]> {
  const files: PemFile[] = [];
  for (let i = 0; i < clients.length; i += ISSUE_BATCH) {
    const batch = clients.slice(i, i + ISSUE_BATCH);
    const issued = await Promise.all(
      batch.map((client) =>
        issueCertificate(
          {
            commonName: client.commonName,
            ...(client.altName ? { altNames: [client.commonName] } : {}),
            usage: 'client',
            validDays,
          },
          ca,
        ),
      ),
    );
    for (const [j, client] of batch.entries()) files.push(...keyPairFiles(issued[j]!, client.fileName));
  }
  return files;
}
