/**
 * A certificate authority kept between runs (`--tls-ca-cert/--tls-ca-key`, and the CA that
 * `fleetcert tls ca --out DIR` writes): its certificate and private key read from PEM files,
 * ready to sign the certificates certification presents. Keys are ECDSA P-256, as
 * certificates.ts makes them.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as x509 from '@peculiar/x509';
import { FleetcertError } from '../errors.js';
import type { IssuedCertificate } from './certificates.js';

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export class CertificateAuthorityError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_TLS_CA', message, { exitCode: 2, ...options });
  }
}

export async function loadCertificateAuthority(
  certPath: string,
  keyPath: string,
): Promise<IssuedCertificate> {
  const certificatePem = await readPem(certPath, 'CA certificate (--tls-ca-cert)');
  const privateKeyPem = await readPem(keyPath, 'CA private key (--tls-ca-key)');
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(certificatePem);
  } catch (error) {
    throw new CertificateAuthorityError(
      `${certPath} is not a PEM certificate (${(error as Error).message}); pass the CA's certificate, e.g. ca.pem from fleetcert tls ca --out DIR`,
      { cause: error },
    );
  }
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  if (basic?.ca !== true)
    throw new CertificateAuthorityError(
      `${certPath} is not a CA certificate (no basicConstraints cA=TRUE); pass the certificate of the CA the device trusts`,
    );
  let keys: webcrypto.CryptoKeyPair;
  try {
    const der = x509.PemConverter.decodeFirst(privateKeyPem);
    const privateKey = await webcrypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, true, ['sign']);
    const publicKey = await certificate.publicKey.export(KEY_ALGORITHM, ['verify'], webcrypto as never);
    keys = { privateKey, publicKey } as webcrypto.CryptoKeyPair;
  } catch (error) {
    throw new CertificateAuthorityError(
      `${keyPath}: cannot use this key (${(error as Error).message}); fleetcert signs with an ECDSA P-256 key in PKCS#8 PEM ("BEGIN PRIVATE KEY"), e.g. ca-key.pem from fleetcert tls ca --out DIR`,
      { cause: error },
    );
  }
  if (!(await keyMatches(keys)))
    throw new CertificateAuthorityError(
      `${keyPath} is not the private key of ${certPath}; pass the CA's own key`,
    );
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem,
    chainPem: '',
    subject: certificate.subject,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    keys,
    certificate,
  };
}

async function readPem(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CertificateAuthorityError(`cannot read the ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function keyMatches(keys: webcrypto.CryptoKeyPair): Promise<boolean> {
  const data = new TextEncoder().encode('fleetcert CA key check');
  const algorithm = { name: 'ECDSA', hash: 'SHA-256' };
  const signature = await webcrypto.subtle.sign(algorithm, keys.privateKey, data);
  return webcrypto.subtle.verify(algorithm, keys.publicKey, signature, data);
}
