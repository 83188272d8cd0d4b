/** A self-signed TLS certificate for 127.0.0.1, made by openssl for tests of mqtts:// brokers. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface CertificateFiles {
  /** The certificate (PEM); being self-signed, it is also the CA a client must trust. */
  readonly cert: string;
  readonly key: string;
}

/** Writes `cert.pem` and `key.pem` into `dir`, valid one day for IP 127.0.0.1. */
export async function makeSelfSignedCert(dir: string): Promise<CertificateFiles> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return { cert, key };
}
