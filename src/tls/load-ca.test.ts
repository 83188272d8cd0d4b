import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCertificateAuthority, issueCertificate } from './certificates.js';
import { loadCertificateAuthority } from './load-ca.js';

describe('loadCertificateAuthority', () => {
  it('a CA written to PEM files signs certificates that chain to it again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-ca-'));
    const ca = await createCertificateAuthority('kept CA');
    await writeFile(join(dir, 'ca.pem'), ca.certificatePem);
    await writeFile(join(dir, 'ca-key.pem'), ca.privateKeyPem);
    const loaded = await loadCertificateAuthority(join(dir, 'ca.pem'), join(dir, 'ca-key.pem'));
    const leaf = await issueCertificate(
      { commonName: 'x', altNames: ['broker.test'], usage: 'server' },
      loaded,
    );
    expect(await leaf.certificate.verify({ publicKey: ca.certificate.publicKey })).toBe(true);
    expect(leaf.certificate.issuer).toBe(ca.certificate.subject);
  });

  it('refuses a key that is not the CA’s, and a certificate that is not a CA, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-ca-'));
    const ca = await createCertificateAuthority('kept CA');
    const other = await createCertificateAuthority('other CA');
    const leaf = await issueCertificate({ commonName: 'x', altNames: ['a.test'], usage: 'server' }, ca);
    await writeFile(join(dir, 'ca.pem'), ca.certificatePem);
    await writeFile(join(dir, 'other-key.pem'), other.privateKeyPem);
    await writeFile(join(dir, 'leaf.pem'), leaf.certificatePem);
    await writeFile(join(dir, 'leaf-key.pem'), leaf.privateKeyPem);
    await expect(loadCertificateAuthority(join(dir, 'ca.pem'), join(dir, 'other-key.pem'))).rejects.toThrow(
      /other-key\.pem is not the key of .*ca\.pem/,
    );
    await expect(loadCertificateAuthority(join(dir, 'leaf.pem'), join(dir, 'leaf-key.pem'))).rejects.toThrow(
      /leaf\.pem \(CN=x\) is not a CA certificate/,
    );
    await expect(
      loadCertificateAuthority(join(dir, 'nope.pem'), join(dir, 'leaf-key.pem')),
    ).rejects.toMatchObject({
      code: 'FLEETCERT_TLS_CA',
    });
  });
});
