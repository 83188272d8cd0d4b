/** `fleetcert tls ca | server | devices`, in process: files, modes, names, chains, refusals. */
import { createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../../test/support/in-process-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-tls-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const mode = async (path: string) => (await stat(path)).mode & 0o777;
const certificate = async (path: string) => new X509Certificate(await readFile(path));

describe('fleetcert tls', () => {
  it('ca, then devices: a CA to keep, a broker certificate, one client certificate per device', async () => {
    const out = join(dir, 'certs');
    const ca = await runInProcess(
      'tls',
      'ca',
      '--out',
      out,
      '--server-host',
      'broker.lab',
      '--server-host',
      '127.0.0.1',
    );
    expect(ca.code, ca.stderr).toBe(0);
    const devices = await runInProcess(
      'tls',
      'devices',
      '--fleet',
      'bulb=2,tv=1',
      '--id-prefix',
      'lab-',
      '--ids',
      'x-0001',
      '--controller',
      'load',
      '--out',
      out,
    );
    expect(devices.code, devices.stderr).toBe(0);
    expect(devices.stdout).toContain('4 device certificates and 1 controller certificate');
    const authority = await certificate(join(out, 'ca.crt'));
    expect(authority.ca).toBe(true);
    for (const secret of ['ca.key', 'server.key', 'lab-bulb-0001.key', 'x-0001.key', 'controller-load.key'])
      expect(await mode(join(out, secret)), secret).toBe(0o600);
    expect(await mode(join(out, 'ca.crt'))).toBe(0o644);
    const server = await certificate(join(out, 'server.crt'));
    expect(server.subjectAltName).toBe('DNS:broker.lab, IP Address:127.0.0.1');
    expect(server.verify(authority.publicKey)).toBe(true);
    for (const id of ['lab-bulb-0001', 'lab-bulb-0002', 'lab-tv-0001', 'x-0001']) {
      const client = await certificate(join(out, `${id}.crt`));
      expect(client.subject).toBe(`CN=${id}`);
      expect(client.subjectAltName).toBe(`DNS:${id}`);
      expect(client.verify(authority.publicKey)).toBe(true);
      expect(client.checkPrivateKey(createPrivateKey(await readFile(join(out, `${id}.key`))))).toBe(true);
    }
    expect((await certificate(join(out, 'controller-load.crt'))).subject).toBe('CN=controller:load');
    // Nothing secret on the terminal.
    expect(ca.stdout + devices.stdout + ca.stderr + devices.stderr).not.toContain('PRIVATE KEY');
  });

  it('keeps existing files unless --force, and --force narrows a replaced key to 0600', async () => {
    const out = join(dir, 'kept');
    expect((await runInProcess('tls', 'ca', '--out', out)).code).toBe(0);
    const before = await readFile(join(out, 'ca.key'), 'utf8');
    const again = await runInProcess('tls', 'ca', '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `${join(out, 'ca.crt')} exists already; keep it (write into another --out) or replace it with --force [FLEETCERT_TLS_WRITE]`,
    );
    expect(await readFile(join(out, 'ca.key'), 'utf8')).toBe(before);
    await chmod(join(out, 'ca.key'), 0o644);
    expect((await runInProcess('tls', 'ca', '--out', out, '--force')).code).toBe(0);
    expect(await readFile(join(out, 'ca.key'), 'utf8')).not.toBe(before);
    expect(await mode(join(out, 'ca.key'))).toBe(0o600);
  });

  it('refuses a missing CA, a key that is not the CA’s, a non-P-256 key and a bad device id, exit 2 with the fix', async () => {
    const out = join(dir, 'refusals');
    const missing = await runInProcess('tls', 'devices', '--ids', 'bulb-0001', '--out', out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /cannot read the CA certificate: .*no such file; give the CA's files, or make one with `fleetcert tls ca --out DIR` \[FLEETCERT_TLS_CA\]/,
    );

    const a = join(dir, 'ca-a');
    const b = join(dir, 'ca-b');
    expect((await runInProcess('tls', 'ca', '--out', a)).code).toBe(0);
    expect((await runInProcess('tls', 'ca', '--out', b)).code).toBe(0);
    const mismatched = await runInProcess(
      'tls',
      'server',
      '--host',
      'h',
      '--ca-cert',
      join(a, 'ca.crt'),
      '--ca-key',
      join(b, 'ca.key'),
      '--out',
      out,
    );
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toContain(`${join(b, 'ca.key')} is not the key of ${join(a, 'ca.crt')}`);

    const rsa = join(dir, 'rsa.key');
    await writeFile(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const wrongKind = await runInProcess(
      'tls',
      'server',
      '--host',
      'h',
      '--ca-cert',
      join(a, 'ca.crt'),
      '--ca-key',
      rsa,
      '--out',
      out,
    );
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toContain('is a rsa key; fleetcert signs with ECDSA P-256 keys only');

    const notCa = await runInProcess(
      'tls',
      'devices',
      '--ids',
      'bulb-0001',
      '--ca-cert',
      join(a, 'ca.crt'),
      '--ca-key',
      join(a, 'ca.key'),
      '--out',
      out,
    );
    expect(notCa.code, notCa.stderr).toBe(0);
    const leaf = await runInProcess(
      'tls',
      'devices',
      '--ids',
      'bulb-0002',
      '--ca-cert',
      join(out, 'bulb-0001.crt'),
      '--ca-key',
      join(out, 'bulb-0001.key'),
      '--out',
      out,
    );
    expect(leaf.code).toBe(2);
    expect(leaf.stderr).toContain('is not a CA certificate');

    const badId = await runInProcess(
      'tls',
      'devices',
      '--ids',
      'Bulb_1',
      '--ca-cert',
      join(a, 'ca.crt'),
      '--ca-key',
      join(a, 'ca.key'),
      '--out',
      out,
    );
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('--ids "Bulb_1" is not a device id');
  });
});
