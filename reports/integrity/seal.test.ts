import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical-json.js';
import { loadResultFixture, reverseMemberOrder } from '../../test/support/reports/fixtures.js';
import { ReportKeyError } from '../errors.js';
import { resultDigest, sealResult, withoutIntegrity } from './seal.js';
import { checkSealed } from './sealed-check.js';
import { decodePublicKey, keyFingerprint, signatureHolds } from './signature.js';

const ed25519Pem = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

describe('sealResult', () => {
  it('adds the SHA-256 of the canonical JSON without integrity', async () => {
    const result = await loadResultFixture('failing');
    const sealed = sealResult(result);
    const expected = createHash('sha256').update(canonicalJson(result)).digest('hex');
    expect(sealed.integrity).toEqual({ algorithm: 'sha256', digest: expected });
    expect(withoutIntegrity(sealed)).toEqual(result);
  });

  it('does not depend on member order, and sealing twice gives the same seal', async () => {
    const result = await loadResultFixture('passing');
    const sealed = sealResult(result);
    expect(sealResult(reverseMemberOrder(result)).integrity).toEqual(sealed.integrity);
    expect(sealResult(sealed)).toEqual(sealed);
    expect(resultDigest(sealed)).toBe(sealed.integrity?.digest);
  });

  it('signs with Ed25519 from a PEM key and embeds the public key', async () => {
    const { privatePem, publicPem } = ed25519Pem();
    const sealed = sealResult(await loadResultFixture('failing'), { signKey: privatePem });
    const signature = sealed.integrity?.signature;
    expect(signature?.algorithm).toBe('ed25519');
    const embeddedKey = decodePublicKey(signature!.publicKey)!;
    expect(embeddedKey.export({ type: 'spki', format: 'pem' })).toBe(publicPem);
    expect(signatureHolds(sealed.integrity!.digest, signature!.value, embeddedKey)).toBe(true);
    expect(keyFingerprint(signature!.publicKey)).toMatch(/^SHA256:[A-Za-z0-9+/]{16}$/);
    expect(checkSealed(sealed as unknown as Record<string, unknown>).signature).toBe('embedded-key');
  });

  it('refuses keys that are not Ed25519 private keys, naming the file and how to make one', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    const result = await loadResultFixture('passing');
    expect(() => sealResult(result, { signKey: rsa.toString(), signKeySource: 'keys/rsa.pem' })).toThrow(
      ReportKeyError,
    );
    expect(() => sealResult(result, { signKey: 'not a key', signKeySource: 'keys/x.pem' })).toThrow(
      /^keys\/x\.pem is not a usable Ed25519 key: it is not a PEM private key\. Create one with `openssl genpkey -algorithm ed25519/,
    );
    expect(() => sealResult(result, { signKey: ed25519Pem().publicPem })).toThrow(ReportKeyError);
  });
});
