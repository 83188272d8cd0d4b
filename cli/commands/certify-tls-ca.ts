/**
 * The CA of a `certify --listen-tls` run given no `--tls-ca-cert/--tls-ca-key`: a throwaway test
 * CA kept in OUT/tls/ — its certificate (trust-anchor.pem, for the partner to install once on
 * the board) and its key beside it (trust-anchor.key, mode 0600). A later run with the same
 * --out, and every replay command the run prints, use that same CA again, so a board flashed
 * once keeps passing EDP-TLS-1. It signs test certificates only; nothing outside the test trusts it.
 */
import { X509Certificate } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../src/index.js';
import {
  createCertificateAuthority,
  type IssuedCertificate,
  loadCertificateAuthority,
  writePemFiles,
} from '../../src/tls/index.js';

export const TRUST_ANCHOR_FILE = 'trust-anchor.pem';
export const TRUST_ANCHOR_KEY_FILE = 'trust-anchor.key';

/** Where a run that makes its CA keeps it: `OUT/tls/`. */
export function runCaFiles(outDir: string): { readonly certPath: string; readonly keyPath: string } {
  const dir = join(outDir, 'tls');
  return { certPath: join(dir, TRUST_ANCHOR_FILE), keyPath: join(dir, TRUST_ANCHOR_KEY_FILE) };
}

export interface RunCertificateAuthority {
  readonly ca: IssuedCertificate;
  readonly certPath: string;
  readonly keyPath: string;
  /** The CA was already in OUT/tls/ (an earlier run): the device's installed anchor still holds. */
  readonly reused: boolean;
}

/** The run's CA: the one kept in OUT/tls/ when both files are there, else a new one written there. */
export async function runCertificateAuthority(outDir: string): Promise<RunCertificateAuthority> {
  const { certPath, keyPath } = runCaFiles(outDir);
  if ((await exists(certPath)) && (await exists(keyPath)))
    return { ca: await loadCertificateAuthority(certPath, keyPath), certPath, keyPath, reused: true };
  const ca = await createCertificateAuthority('fleetcert certification CA (test only)');
  await writePemFiles(
    join(outDir, 'tls'),
    [
      { name: TRUST_ANCHOR_FILE, text: ca.certificatePem, secret: false },
      { name: TRUST_ANCHOR_KEY_FILE, text: ca.privateKeyPem, secret: true },
    ],
    { overwrite: true },
  );
  return { ca, certPath, keyPath, reused: false };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** `--tls-client-ca FILE`: the CA a device's client certificate must chain to (mutual TLS). */
export async function readClientCa(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --tls-client-ca ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    if (!new X509Certificate(pem).ca) throw new Error('not a CA certificate (no basicConstraints CA:TRUE)');
  } catch (error) {
    throw new UsageError(
      `--tls-client-ca ${path}: ${(error as Error).message}; give the PEM certificate of the CA that issued the devices' certificates (fleetcert tls ca makes one)`,
      { cause: error },
    );
  }
  return pem;
}
