/** The run's own test CA (`certify --listen-tls` without --tls-ca-cert): made once in OUT/tls/, reused after. */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaFiles, runCertificateAuthority } from './certify-tls-ca.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-run-ca-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runCertificateAuthority', () => {
  it('makes a CA with its key 0600 on the first run and reuses it on the next (same anchor)', async () => {
    const out = join(dir, 'out');
    const first = await runCertificateAuthority(out);
    expect(first.reused).toBe(false);
    expect(first).toMatchObject(runCaFiles(out));
    expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);
    const second = await runCertificateAuthority(out);
    expect(second.reused).toBe(true);
    expect(second.ca.certificate.subject).toBe(first.ca.certificate.subject);
    expect(Buffer.from(second.ca.certificate.rawData)).toEqual(Buffer.from(first.ca.certificate.rawData));
  });

  it('a certificate left without its key is replaced by a new CA, never half-used', async () => {
    const out = join(dir, 'lone');
    const { certPath } = runCaFiles(out);
    await runCertificateAuthority(out);
    await rm(runCaFiles(out).keyPath);
    await writeFile(certPath, 'stale');
    const made = await runCertificateAuthority(out);
    expect(made.reused).toBe(false);
    expect((await stat(made.keyPath)).mode & 0o777).toBe(0o600);
  });
});
