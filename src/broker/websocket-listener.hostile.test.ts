/**
 * The broker's WebSocket listener against unauthenticated clients (issue 19): ws buffered each
 * whole message (its 100 MiB default) before the MQTT packet limits saw the CONNECT, so three
 * 90 MiB messages took the broker from 125 MB to a 558 MB peak. Now a message declaring more than
 * the largest packet the limits allow is refused from its frame header, with close code 1009,
 * and no compression is negotiated. (Memory itself is measured in bench/broker-websocket.ts.)
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createBrokerAuthPolicy } from './auth-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from './embedded-broker.js';
import { DEFAULT_PACKET_LIMITS, webSocketMessageLimit } from './packet-limits.js';
import { tokenMapPolicy } from './token-policy.js';

let broker: EmbeddedBroker | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await broker?.close();
  broker = undefined;
});

async function start(): Promise<EmbeddedBroker> {
  broker = await startEmbeddedBroker({
    port: 0,
    wsPort: 0,
    auth: createBrokerAuthPolicy({ tokens: tokenMapPolicy({ 'bulb-0001': 'bulb-token' }) }),
  });
  return broker;
}

/** A WebSocket upgrade by hand, so a frame header can declare more than is ever sent. */
async function upgradedSocket(port: number): Promise<{ socket: Socket; response: string }> {
  const socket = connectTcp(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(
    [
      'GET / HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: mqtt',
      'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits',
      '',
      '',
    ].join('\r\n'),
  );
  let response = '';
  while (!response.includes('\r\n\r\n')) {
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    response += chunk.toString('latin1');
  }
  return { socket, response };
}

/** A masked binary frame header declaring `length` bytes (64-bit length form). */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  randomBytes(4).copy(header, 10);
  return header;
}

describe("the broker's WebSocket listener, before authentication", () => {
  it('accepts at most the largest MQTT packet the limits allow, plus its fixed header', () => {
    expect(webSocketMessageLimit(DEFAULT_PACKET_LIMITS)).toBe(DEFAULT_PACKET_LIMITS.publish + 5);
    expect(webSocketMessageLimit(DEFAULT_PACKET_LIMITS)).toBeLessThan(128 * 1024);
  });

  it('negotiates no permessage-deflate when a client offers it', async () => {
    const b = await start();
    const { response } = await upgradedSocket(b.wsPort as number);
    expect(response).toMatch(/^HTTP\/1\.1 101/);
    expect(response.toLowerCase()).not.toContain('permessage-deflate');
  });

  it('closes a connection declaring a 90 MiB message with 1009 from the frame header, before buffering it', async () => {
    const b = await start();
    const { socket } = await upgradedSocket(b.wsPort as number);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = once(socket, 'close');
    // The header and a few bytes only: the refusal may not wait for the 90 MiB to arrive.
    socket.write(Buffer.concat([frameHeader(90 * 1024 * 1024), Buffer.alloc(1024, 0x61)]));
    await closed;
    const frame = Buffer.concat(received);
    // A close frame (opcode 8) carrying status 1009, "message too big".
    expect(frame[0]).toBe(0x88);
    expect(frame.readUInt16BE(2)).toBe(1009);
  });

  it('refuses a message one byte over the limit with 1009', async () => {
    const b = await start();
    const client = new WebSocket(`ws://127.0.0.1:${b.wsPort}`, 'mqtt', { perMessageDeflate: false });
    client.on('error', () => {});
    await once(client, 'open');
    const [code] = (await Promise.all([
      once(client, 'close'),
      client.send(Buffer.alloc(webSocketMessageLimit(DEFAULT_PACKET_LIMITS) + 1)),
    ])) as unknown as [[number]];
    expect(code[0]).toBe(1009);
  });
});
