/**
 * `loadCertificateAuthority(certPath, keyPath)`: a CA kept on disk (what `fleetcert tls ca`
 * writes, or one a user made with openssl) read back so it can sign more certificates. The key
 * must be ECDSA P-256, the only key `issueCertificate` signs with; anything else is refused with
 * the fix, never half-used.
 */
import { createPrivateKey, createPublicKey, type KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { FleetcertError } from '../errors.js';
import { INPUT_LIMITS } from '../input-limits.js';
import { readBoundedText } from '../read-file-within.js';
import type { IssuedCertificate } from './certificates.js';

/** A CA certificate or key that cannot sign for fleetcert: exit 2, naming the file and the fix. */
export class CertificateAuthorityError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_TLS_CA', message, { exitCode: 2, ...options });
  }
}

const MAKE_ONE = 'make one with `fleetcert tls ca --out DIR`';

export async function loadCertificateAuthority(
  certPath: string,
  keyPath: string,
): Promise<IssuedCertificate> {
  const read = (path: string, what: string) =>
    readBoundedText(path, INPUT_LIMITS.caFileBytes, what, 'FLEETCERT_TLS_CA').catch((error: Error) => {
      throw new CertificateAuthorityError(`${error.message}; give the CA's files, or ${MAKE_ONE}`, {
        cause: error,
      });
    });
  const [certificatePem, keyPem] = await Promise.all([
    read(certPath, 'the CA certificate'),
    read(keyPath, 'the CA key'),
  ]);
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(firstPemBlock(certificatePem, 'CERTIFICATE', certPath));
  } catch (error) {
    if (error instanceof CertificateAuthorityError) throw error;
    throw new CertificateAuthorityError(
      `${certPath} is not a PEM certificate (${(error as Error).message}); ${MAKE_ONE}`,
      { cause: error },
    );
  }
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  if (!basic?.ca) {
    throw new CertificateAuthorityError(
      `${certPath} (${certificate.subject}) is not a CA certificate (no basicConstraints CA:TRUE); give the CA's certificate, or ${MAKE_ONE}`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    throw new CertificateAuthorityError(
      `${keyPath} is not a PEM private key (${(error as Error).message}); give the CA's key (an unencrypted PEM), or ${MAKE_ONE}`,
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    const kind =
      key.asymmetricKeyType === 'ec' ? `EC ${key.asymmetricKeyDetails?.namedCurve}` : key.asymmetricKeyType;
    throw new CertificateAuthorityError(
      `${keyPath} is a ${kind} key; fleetcert signs with ECDSA P-256 keys only: ${MAKE_ONE}`,
    );
  }
  const certificateKey = createPublicKey(certificatePem).export({ type: 'spki', format: 'der' });
  if (!createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(certificateKey)) {
    throw new CertificateAuthorityError(
      `${keyPath} is not the key of ${certPath} (${certificate.subject}): give the key made with that certificate`,
    );
  }
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const pkcs8 = key.export({ type: 'pkcs8', format: 'der' });
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', certificateKey, algorithm, true, ['verify']),
  };
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    chainPem: '',
    subject: certificate.subject,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    keys,
    certificate,
  };
}

function firstPemBlock(text: string, label: string, path: string): string {
  const match = new RegExp(`-----BEGIN ${label}-----[^-]+-----END ${label}-----`).exec(text);
  if (!match) {
    throw new CertificateAuthorityError(`${path} holds no "BEGIN ${label}" block; ${MAKE_ONE}`);
  }
  return match[0];
}
