/**
 * The TLS probe on loopback with a small hand-made MQTT-over-TLS client: what it records per
 * variant for a client that verifies properly, one that accepts anything, and one limited to
 * nothing but TLS 1.1; the token never appears in the record. No timing is asserted: the
 * probe's waits are generous and the test ends when the client is done.
 */
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCertificateAuthority } from './certificates.js';
import { startPlainCatcher } from './plain-catcher.js';
import { makeServerVariants, TLS_SERVER_VARIANTS, type TlsServerVariant } from './server-variants.js';
import { strictServerIdentity } from './strict-server-identity.js';
import { type ProbeAttempt, startTlsProbe, type TlsProbe } from './tls-probe.js';

const TOKEN = 'secret-token-never-kept';
const DEVICE = 'probe-dev-1';
const ORDER: readonly TlsServerVariant[] = [...TLS_SERVER_VARIANTS.filter((v) => v !== 'good'), 'good'];

const connectBytes = mqttPacket.generate({
  cmd: 'connect',
  protocolId: 'MQTT',
  protocolVersion: 4,
  clean: true,
  keepalive: 30,
  clientId: DEVICE,
  username: DEVICE,
  password: Buffer.from(TOKEN),
});

/** One attempt: handshake with `verify` options; on success, CONNECT and answer PUBACK to QoS 1 publishes until closed. */
function attempt(port: number, options: tls.ConnectionOptions): Promise<void> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'broker.test',
      checkServerIdentity: strictServerIdentity,
      ...options,
    });
    const parser = mqttPacket.parser();
    parser.on('packet', (packet: mqttPacket.Packet) => {
      if (packet.cmd === 'publish' && packet.qos === 1)
        socket.write(mqttPacket.generate({ cmd: 'puback', messageId: packet.messageId as number }));
    });
    socket.on('secureConnect', () => socket.write(connectBytes));
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

let probe: TlsProbe | undefined;
afterEach(async () => {
  await probe?.close();
  probe = undefined;
});

async function runAgainst(options: tls.ConnectionOptions, attempts = ORDER.length) {
  const ca = await createCertificateAuthority('probe test CA');
  const variants = await makeServerVariants(ca, 'broker.test');
  const handed: Duplex[] = [];
  probe = await startTlsProbe({
    host: '127.0.0.1',
    port: 0,
    deviceId: DEVICE,
    variants,
    order: ORDER,
    firstAttemptWaitMs: 30_000,
    nextAttemptWaitMs: 30_000,
    connectWaitMs: 10_000,
    onGood: (socket) => {
      handed.push(socket);
      socket.destroy();
    },
  });
  const port = probe.port;
  for (let i = 0; i < attempts; i++) await attempt(port, { ca: ca.certificatePem, ...options });
  const record = await probe.record;
  return { record, handed };
}

const byVariant = (attempts: readonly ProbeAttempt[]): Partial<Record<TlsServerVariant, ProbeAttempt>> =>
  Object.fromEntries(attempts.map((a) => [a.presented, a]));

describe('TLS probe (section 9) on loopback', () => {
  it('a verifying client refuses every bad server, takes the 16 KiB chain and record, and connects to the good one', async () => {
    const { record, handed } = await runAgainst({});
    expect(record.stopped).toBeUndefined();
    expect(record.attempts.map((a) => a.presented)).toEqual(ORDER);
    const seen = byVariant(record.attempts);
    for (const v of ORDER.filter((v) => v !== 'good' && v !== 'large-chain')) {
      expect(seen[v]?.connect, v).toBeUndefined();
    }
    expect(seen['large-chain']).toMatchObject({ handshake: 'completed', largeRecord: 'acknowledged' });
    expect(seen.good).toMatchObject({
      handshake: 'completed',
      connect: { clientId: DEVICE, username: DEVICE },
    });
    expect(handed).toHaveLength(1);
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });

  it('a client that accepts any certificate sends CONNECT to every TLS 1.2+ server; TLS 1.1 still fails at the handshake', async () => {
    const { record } = await runAgainst({ rejectUnauthorized: false });
    const seen = byVariant(record.attempts);
    for (const v of [
      'other-ca',
      'self-signed',
      'expired',
      'not-yet-valid',
      'other-name',
      'common-name-only',
    ] as const)
      expect(seen[v]?.connect, v).toEqual({ clientId: DEVICE, username: DEVICE });
    expect(seen['tls-1.1-only']?.handshake).toBe('failed');
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });

  it('Node’s default name check accepts a common-name-only certificate (the trap EDP-TLS-4 names); the strict one refuses it', async () => {
    const { record } = await runAgainst({ checkServerIdentity: tls.checkServerIdentity });
    const seen = byVariant(record.attempts);
    expect(seen['common-name-only']?.connect).toEqual({ clientId: DEVICE, username: DEVICE });
    expect(seen['other-name']?.connect).toBeUndefined();
  });

  it('the TLS 1.1 server really speaks TLS 1.1 to a client that allows it', async () => {
    const { record } = await runAgainst({ minVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    expect(byVariant(record.attempts)['tls-1.1-only']).toMatchObject({
      protocol: 'TLSv1.1',
      connect: { clientId: DEVICE },
    });
  });

  it('a device that stops after one attempt is recorded as silent', async () => {
    const ca = await createCertificateAuthority('probe test CA');
    probe = await startTlsProbe({
      host: '127.0.0.1',
      port: 0,
      deviceId: DEVICE,
      variants: await makeServerVariants(ca, 'broker.test'),
      order: ORDER,
      firstAttemptWaitMs: 30_000,
      nextAttemptWaitMs: 50,
      connectWaitMs: 10_000,
      onGood: (socket) => socket.destroy(),
    });
    await attempt(probe.port, { ca: ca.certificatePem });
    const record = await probe.record;
    expect(record.attempts).toHaveLength(1);
    expect(record.stopped?.cause).toBe('silent');
  });

  it('the plain catcher keeps the client id of a plaintext CONNECT, never its token', async () => {
    const catcher = await startPlainCatcher({ host: '127.0.0.1', port: 0, startedAt: 0 });
    try {
      const net = await import('node:net');
      const socket = net.connect(catcher.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(connectBytes);
      await once(socket, 'close');
      expect(catcher.seen()).toEqual([
        { at: expect.any(Number), connect: { clientId: DEVICE, username: DEVICE } },
      ]);
      expect(JSON.stringify(catcher.seen())).not.toContain(TOKEN);
    } finally {
      await catcher.close();
    }
  });

  it('the plain catcher also reads a fallback to plain ws:// (a wss:// device’s): client id kept, never the token', async () => {
    const catcher = await startPlainCatcher({ host: '127.0.0.1', port: 0, startedAt: 0 });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${catcher.port}/mqtt`, 'mqtt');
      ws.on('open', () => ws.send(connectBytes));
      ws.on('error', () => {});
      await once(ws, 'close');
      expect(catcher.seen()).toEqual([
        { at: expect.any(Number), connect: { clientId: DEVICE, username: DEVICE } },
      ]);
      expect(JSON.stringify(catcher.seen())).not.toContain(TOKEN);
    } finally {
      await catcher.close();
    }
  });

  it('over wss:// (MQTT over WebSocket over TLS) the same presentations are made and judged at the socket', async () => {
    const ca = await createCertificateAuthority('probe test CA');
    const handed: Duplex[] = [];
    probe = await startTlsProbe({
      host: '127.0.0.1',
      port: 0,
      deviceId: DEVICE,
      variants: await makeServerVariants(ca, 'broker.test'),
      order: ORDER,
      firstAttemptWaitMs: 30_000,
      nextAttemptWaitMs: 30_000,
      connectWaitMs: 10_000,
      binding: 'ws',
      onGood: (stream) => {
        handed.push(stream);
        stream.destroy();
      },
    });
    for (let i = 0; i < ORDER.length; i++) await wssAttempt(probe.port, ca.certificatePem);
    const record = await probe.record;
    expect(record.attempts.map((a) => a.presented)).toEqual(ORDER);
    const seen = byVariant(record.attempts);
    for (const v of ORDER.filter((v) => v !== 'good' && v !== 'large-chain'))
      expect(seen[v]?.connect, v).toBeUndefined();
    expect(seen['large-chain']).toMatchObject({ handshake: 'completed', largeRecord: 'acknowledged' });
    expect(seen.good).toMatchObject({ handshake: 'completed', connect: { clientId: DEVICE } });
    expect(handed).toHaveLength(1);
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });
});

/** One wss:// attempt of a verifying client: CONNECT after the upgrade, PUBACK to QoS 1 publishes, until closed. */
function wssAttempt(port: number, caPem: string): Promise<void> {
  return new Promise((resolve) => {
    // ws's types know neither option; both reach tls.connect (servername, and the Error-or-undefined name check).
    const ws = new WebSocket(`wss://127.0.0.1:${port}/mqtt`, 'mqtt', {
      ca: caPem,
      ...({ servername: 'broker.test', checkServerIdentity: strictServerIdentity } as object),
    });
    const parser = mqttPacket.parser();
    parser.on('packet', (packet: mqttPacket.Packet) => {
      if (packet.cmd === 'publish' && packet.qos === 1)
        ws.send(mqttPacket.generate({ cmd: 'puback', messageId: packet.messageId as number }));
    });
    ws.on('open', () => ws.send(connectBytes));
    ws.on('message', (data: Buffer) => parser.parse(data));
    ws.on('error', () => {});
    ws.on('close', () => resolve());
  });
}
