import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import {
  certificateWithChainPem,
  createCertificateAuthority,
  type IssuedCertificate,
  issueCertificate,
} from './certificates.js';

/** One real TLS handshake on loopback; resolves the client's error code, or 'ok'. */
async function handshake(
  server: IssuedCertificate,
  trust: string,
  options: { servername?: string; client?: IssuedCertificate; serverCa?: string } = {},
): Promise<{ outcome: string; peerCommonName?: string }> {
  let peerCommonName: string | undefined;
  const listener = tls.createServer(
    {
      cert: certificateWithChainPem(server),
      key: server.privateKeyPem,
      requestCert: options.serverCa !== undefined,
      rejectUnauthorized: options.serverCa !== undefined,
      ...(options.serverCa ? { ca: options.serverCa } : {}),
    },
    (socket) => {
      const subject = socket.getPeerCertificate().subject as { CN?: string } | undefined;
      peerCommonName = subject?.CN;
      socket.end('hello');
    },
  );
  listener.on('tlsClientError', () => {});
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const { port } = listener.address() as AddressInfo;
  try {
    const outcome = await new Promise<string>((resolve) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: options.servername ?? 'broker.test',
        ca: trust,
        ...(options.client
          ? {
              cert: certificateWithChainPem(options.client),
              key: options.client.privateKeyPem,
            }
          : {}),
      });
      socket.on('data', () => {
        socket.destroy();
        resolve('ok');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    return { outcome, ...(peerCommonName ? { peerCommonName } : {}) };
  } finally {
    listener.close();
  }
}

describe('test certificates (real TLS handshakes on loopback)', () => {
  it('a server certificate signed by the CA, naming the host, is accepted', async () => {
    const ca = await createCertificateAuthority('fleetcert test CA');
    const server = await issueCertificate(
      { commonName: 'broker.test', altNames: ['broker.test', '127.0.0.1'], usage: 'server' },
      ca,
    );
    expect((await handshake(server, ca.certificatePem)).outcome).toBe('ok');
    expect((await handshake(server, ca.certificatePem, { servername: 'other.test' })).outcome).toBe(
      'ERR_TLS_CERT_ALTNAME_INVALID',
    );
  });

  it('an intermediate chain is sent and verifies; other CAs, self-signed and expired do not', async () => {
    const ca = await createCertificateAuthority('root');
    const intermediate = await issueCertificate({ commonName: 'intermediate', usage: 'ca' }, ca);
    const chained = await issueCertificate(
      { commonName: 'broker.test', altNames: ['broker.test'], usage: 'server' },
      intermediate,
    );
    expect(chained.chainPem).toContain('BEGIN CERTIFICATE');
    expect((await handshake(chained, ca.certificatePem)).outcome).toBe('ok');

    const otherCa = await createCertificateAuthority('other');
    const foreign = await issueCertificate(
      { commonName: 'broker.test', altNames: ['broker.test'], usage: 'server' },
      otherCa,
    );
    expect((await handshake(foreign, ca.certificatePem)).outcome).not.toBe('ok');
    const selfSigned = await issueCertificate({
      commonName: 'broker.test',
      altNames: ['broker.test'],
      usage: 'server',
    });
    expect((await handshake(selfSigned, ca.certificatePem)).outcome).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    const expired = await issueCertificate(
      {
        commonName: 'broker.test',
        altNames: ['broker.test'],
        usage: 'server',
        notBefore: new Date(Date.now() - 10 * 86_400_000),
        notAfter: new Date(Date.now() - 86_400_000),
      },
      ca,
    );
    expect((await handshake(expired, ca.certificatePem)).outcome).toBe('CERT_HAS_EXPIRED');
  });

  it('a client certificate names the device and is verified by a server requiring it', async () => {
    const ca = await createCertificateAuthority('fleet CA');
    const server = await issueCertificate(
      { commonName: 'broker.test', altNames: ['broker.test'], usage: 'server' },
      ca,
    );
    const client = await issueCertificate({ commonName: 'bulb-0001', usage: 'client' }, ca);
    const result = await handshake(server, ca.certificatePem, {
      client,
      serverCa: ca.certificatePem,
    });
    expect(result).toEqual({ outcome: 'ok', peerCommonName: 'bulb-0001' });
  });
});
