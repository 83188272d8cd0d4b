/**
 * Trace files are sealed like results (integrity/seal.ts): `integrity.digest` is the SHA-256 of
 * the canonical JSON without `integrity`, optionally Ed25519-signed, so a partner can show the
 * ecosystem the exact failing exchange and `report verify` tells whether it was edited.
 */
import { createPublicKey } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportKeyError } from '../errors.js';
import { resultDigest, withoutIntegrity } from '../integrity/seal.js';
import { encodePublicKey, privateKeyFromPem, signDigest } from '../integrity/signature.js';
import { writeFileAtomically } from '../render/reporter.js';

/** What reports/ needs of a trace file: its rule and a place for the seal (the rest is carried as is). */
export interface SealableTrace {
  readonly schema: string;
  readonly rule: string;
  readonly integrity?: unknown;
}

export const TRACES_DIR = 'traces';

export function sealTrace<T extends SealableTrace>(
  trace: T,
  options: { readonly signKeyPem?: string; readonly signKeySource?: string } = {},
): T {
  const body = withoutIntegrity(trace);
  const digest = resultDigest(body);
  if (options.signKeyPem === undefined) return { ...body, integrity: { algorithm: 'sha256', digest } } as T;
  const source = options.signKeySource ?? 'the signing key';
  const privateKey = privateKeyFromPem(options.signKeyPem, source);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519')
    throw new ReportKeyError(source, 'signing needs an Ed25519 private key');
  const signature = {
    algorithm: 'ed25519',
    publicKey: encodePublicKey(createPublicKey(privateKey)),
    value: signDigest(digest, privateKey),
  };
  return { ...body, integrity: { algorithm: 'sha256', digest, signature } } as T;
}

/**
 * Writes each trace, sealed (and signed when a key is given: the signature covers every request), to `outDir/traces/RULE.trace.json` and returns the paths. Trace
 * files an earlier run left there are removed first, so the folder holds this run's failures
 * only (a rule fixed since must not keep replaying as failed).
 */
export async function writeTraceFiles(
  traces: readonly SealableTrace[],
  outDir: string,
  signing: { readonly signKeyPem?: string; readonly signKeySource?: string } = {},
): Promise<string[]> {
  const dir = join(outDir, TRACES_DIR);
  const old = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    old.filter((f) => f.endsWith('.trace.json')).map((f) => rm(join(dir, f), { force: true })),
  );
  if (traces.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const trace of traces) {
    const path = join(dir, `${trace.rule}.trace.json`);
    await writeFileAtomically(path, `${JSON.stringify(sealTrace(trace, signing), null, 2)}\n`);
    paths.push(path);
  }
  return paths;
}
