/**
 * Tamper evidence for a result: `integrity.digest` is the SHA-256 of the canonical JSON of the
 * result without its `integrity` member, optionally signed with Ed25519.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../src/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import { ReportKeyError } from '../errors.js';
import { encodePublicKey, privateKeyFromPem, signDigest } from './signature.js';

/** The result as it was before sealing: every member but `integrity`. */
export function withoutIntegrity<T extends { integrity?: unknown }>(result: T): Omit<T, 'integrity'> {
  const { integrity: _integrity, ...rest } = result;
  return rest;
}

/** SHA-256 (hex) of the canonical JSON of `result` without `integrity`. */
export function resultDigest(result: object): string {
  const body = withoutIntegrity(result as { integrity?: unknown });
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}

export interface SealOptions {
  /** An Ed25519 private key, as PEM text or a KeyObject, to sign the digest with. */
  readonly signKey?: string | KeyObject;
  /** Names the key in errors, e.g. its file path. */
  readonly signKeySource?: string;
}

/** `result` with a fresh `integrity` member (any old one is replaced). */
export function sealResult(result: CertificationResult, options: SealOptions = {}): CertificationResult {
  const body = withoutIntegrity(result);
  const digest = resultDigest(body);
  const { signKey } = options;
  if (signKey === undefined) return { ...body, integrity: { algorithm: 'sha256', digest } };
  const source = options.signKeySource ?? 'the signing key';
  const privateKey = typeof signKey === 'string' ? privateKeyFromPem(signKey, source) : signKey;
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ReportKeyError(source, 'signing needs an Ed25519 private key');
  }
  return {
    ...body,
    integrity: {
      algorithm: 'sha256',
      digest,
      signature: {
        algorithm: 'ed25519',
        publicKey: encodePublicKey(createPublicKey(privateKey)),
        value: signDigest(digest, privateKey),
      },
    },
  };
}
