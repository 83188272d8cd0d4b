/**
 * Ed25519 signatures over a result's digest, with Node's own crypto. The signed bytes are
 * domain-separated (`fleetcert-result-signature/1 sha256:<digest>`) so a signature made
 * here cannot be replayed as a signature over anything else.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { ReportKeyError } from '../errors.js';

const SIGNATURE_DOMAIN = 'fleetcert-result-signature/1';

export function signedBytes(digest: string): Buffer {
  return Buffer.from(`${SIGNATURE_DOMAIN} sha256:${digest}`, 'utf8');
}

/** An Ed25519 private key from PEM text; `source` names it in the error. */
export function privateKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new ReportKeyError(source, 'it is not a PEM private key', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new ReportKeyError(source, `it is a ${key.asymmetricKeyType} key`);
  return key;
}

/** An Ed25519 public key from PEM text (a private key's public half is accepted too). */
export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new ReportKeyError(source, 'it is not a PEM public key', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new ReportKeyError(source, `it is a ${key.asymmetricKeyType} key`);
  return key;
}

/** The public key as stored in a result: base64 of its SPKI DER encoding. */
export function encodePublicKey(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** The stored form back to a key, or null when it is not an Ed25519 public key (a changed report). */
export function decodePublicKey(base64: string): KeyObject | null {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

export function signDigest(digest: string, privateKey: KeyObject): string {
  return sign(null, signedBytes(digest), privateKey).toString('base64');
}

export function signatureHolds(digest: string, signatureBase64: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedBytes(digest), publicKey, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** `SHA256:` + the first 16 base64 characters of the key's hash, in the manner of `ssh-keygen -l`. */
export function keyFingerprint(publicKeyBase64: string): string {
  const hash = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('base64');
  return `SHA256:${hash.replace(/=+$/, '').slice(0, 16)}`;
}
