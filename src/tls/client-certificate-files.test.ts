import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tlsOptionsFor } from '../transport/mqtt/tls-options.js';
import { certificateWithChainPem, createCertificateAuthority, issueCertificate } from './certificates.js';
import { readClientTls } from './client-certificate-files.js';

let dir: string;
const IDS = ['bulb-0001', 'bulb-0002'];
const pems = new Map<string, { cert: string; key: string }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-client-certs-'));
  await mkdir(join(dir, 'certs'));
  const ca = await createCertificateAuthority('test CA');
  await writeFile(join(dir, 'ca.crt'), ca.certificatePem);
  for (const id of [...IDS, 'shared']) {
    const issued = await issueCertificate({ commonName: id, usage: 'client' }, ca);
    const pair = { cert: certificateWithChainPem(issued), key: issued.privateKeyPem };
    pems.set(id, pair);
    await writeFile(join(dir, 'certs', `${id}.crt`), pair.cert);
    await writeFile(join(dir, 'certs', `${id}.key`), pair.key);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const at = (...parts: string[]) => join(dir, ...parts);

describe('readClientTls: where each client certificate is found', () => {
  it('one file pair is shared by every client, with the CA', async () => {
    const settings = await readClientTls(
      { ca: at('ca.crt'), cert: at('certs/shared.crt'), key: at('certs/shared.key') },
      IDS,
    );
    expect(settings.shared).toEqual(pems.get('shared'));
    expect(settings.perClient).toBeUndefined();
    const tlsFor = tlsOptionsFor(settings);
    // One object for all: the transport caches its stream builder per TLS options object.
    expect(tlsFor('bulb-0001')).toBe(tlsFor('bulb-0002'));
    expect(tlsFor('bulb-0001')).toMatchObject({ cert: pems.get('shared')?.cert, ca: expect.any(String) });
  });

  it('a folder and a {deviceId} pattern give each device its own pair', async () => {
    for (const files of [
      { cert: at('certs') },
      { cert: at('certs/{deviceId}.crt'), key: at('certs/{deviceId}.key') },
      { cert: at('certs'), key: at('certs') },
    ]) {
      const settings = await readClientTls(files, IDS);
      expect(settings.perClient).toEqual({
        'bulb-0001': pems.get('bulb-0001'),
        'bulb-0002': pems.get('bulb-0002'),
      });
      const tlsFor = tlsOptionsFor(settings);
      expect(tlsFor('bulb-0002')?.key).toBe(pems.get('bulb-0002')?.key);
      expect(tlsFor('bulb-0002')).toBe(tlsFor('bulb-0002'));
    }
  });

  it("a device's missing file is an error naming the device and the path", async () => {
    const attempt = readClientTls({ cert: at('certs/{deviceId}.crt'), key: at('certs/{deviceId}.key') }, [
      'bulb-0001',
      'bulb-0009',
    ]);
    await expect(attempt).rejects.toMatchObject({
      code: 'FLEETCERT_CLIENT_CERT',
      exitCode: 2,
      message: expect.stringContaining(
        `no client certificate for device bulb-0009: ${at('certs/bulb-0009.crt')} does not exist`,
      ),
    });
  });

  it('with several devices missing both files, the first in fleet order is named for its certificate, every time', async () => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await expect(
        readClientTls({ cert: at('certs/{deviceId}.crt'), key: at('certs/{deviceId}.key') }, [
          'bulb-0001',
          'bulb-0008',
          'bulb-0009',
        ]),
      ).rejects.toThrow(
        `no client certificate for device bulb-0008: ${at('certs/bulb-0008.crt')} does not exist`,
      );
    }
  });

  it('a key that is not the certificate’s, and mismatched layouts, are refused with the fix', async () => {
    await expect(
      readClientTls({ cert: at('certs/bulb-0001.crt'), key: at('certs/bulb-0002.key') }, IDS),
    ).rejects.toThrow(`${at('certs/bulb-0002.key')} is not the key of ${at('certs/bulb-0001.crt')}`);
    await expect(readClientTls({ key: at('certs/shared.key') }, IDS)).rejects.toThrow(
      '--key was given without --cert',
    );
    await expect(readClientTls({ cert: at('certs/{deviceId}.crt') }, IDS)).rejects.toThrow(
      'is a per-device pattern: give --key as one too',
    );
    await expect(
      readClientTls({ cert: at('certs/{deviceId}.crt'), key: at('certs/shared.key') }, IDS),
    ).rejects.toThrow('so --key must too');
    await expect(readClientTls({ cert: at('certs/shared.crt'), key: at('certs') }, IDS)).rejects.toThrow(
      'must be its one key file',
    );
    await expect(
      readClientTls({ cert: at('ca.crt'), key: at('ca.crt') }, IDS, {
        ca: 'broker.ca',
        cert: 'broker.cert',
        key: 'broker.key',
      }),
    ).rejects.toThrow(
      'is not an unencrypted PEM private key; make it with `fleetcert tls devices`, or fix broker.cert/broker.key',
    );
  });

  it('without certificates only the CA and checks are kept', async () => {
    const settings = await readClientTls({ ca: at('ca.crt'), rejectUnauthorized: false }, IDS);
    expect(settings).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: false });
    expect(tlsOptionsFor(undefined)('bulb-0001')).toBeUndefined();
  });
});
