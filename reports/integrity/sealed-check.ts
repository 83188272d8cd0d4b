/**
 * Does a parsed result still match its own integrity block? The check shared by JSON files and
 * the result embedded in an HTML report.
 */
import type { KeyObject } from 'node:crypto';
import { resultDigest } from './seal.js';
import { decodePublicKey, encodePublicKey, keyFingerprint, signatureHolds } from './signature.js';

export type SignatureStatus = 'none' | 'embedded-key' | 'given-key';

export interface SealCheck {
  readonly problems: string[];
  readonly digest: string | null;
  readonly signature: SignatureStatus;
  readonly keyFingerprint: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function checkSignature(
  signature: unknown,
  digest: string,
  givenKey: KeyObject | undefined,
  problems: string[],
): Pick<SealCheck, 'signature' | 'keyFingerprint'> {
  const none = { signature: 'none', keyFingerprint: null } as const;
  if (signature === undefined) {
    if (givenKey) {
      problems.push(
        'it is not signed, but a public key was given: its signature was removed, or it was never signed',
      );
    }
    return none;
  }
  if (
    !isRecord(signature) ||
    signature.algorithm !== 'ed25519' ||
    typeof signature.publicKey !== 'string' ||
    typeof signature.value !== 'string'
  ) {
    problems.push('its signature block is damaged (expected algorithm "ed25519", publicKey and value)');
    return none;
  }
  const embeddedKey = decodePublicKey(signature.publicKey);
  if (!embeddedKey) {
    problems.push('the public key in its signature block is not an Ed25519 key');
    return none;
  }
  const fingerprint = keyFingerprint(signature.publicKey);
  if (!signatureHolds(digest, signature.value, embeddedKey)) {
    problems.push(`its Ed25519 signature (key ${fingerprint}) does not match its content`);
  }
  if (givenKey) {
    const given = encodePublicKey(givenKey);
    if (given !== signature.publicKey) {
      problems.push(
        `it is signed by key ${fingerprint}, not by the given public key ${keyFingerprint(given)}`,
      );
      return { signature: 'embedded-key', keyFingerprint: fingerprint };
    }
    return { signature: 'given-key', keyFingerprint: fingerprint };
  }
  return { signature: 'embedded-key', keyFingerprint: fingerprint };
}

export function checkSealed(value: Record<string, unknown>, givenKey?: KeyObject): SealCheck {
  const problems: string[] = [];
  const { integrity } = value;
  if (!isRecord(integrity)) {
    problems.push('it carries no integrity digest: the digest was removed, or the result was never sealed');
    return { problems, digest: null, signature: 'none', keyFingerprint: null };
  }
  const stored = typeof integrity.digest === 'string' ? integrity.digest : null;
  if (integrity.algorithm !== 'sha256') {
    problems.push(
      `its integrity algorithm is ${JSON.stringify(integrity.algorithm)}; fleetcert seals with "sha256"`,
    );
  }
  const computed = resultDigest(value);
  if (stored === null) problems.push('its integrity digest is missing');
  else if (stored !== computed) {
    problems.push(
      `its content does not match its digest: stored sha256:${stored}, content hashes to sha256:${computed}`,
    );
  }
  return { problems, digest: stored, ...checkSignature(integrity.signature, computed, givenKey, problems) };
}
