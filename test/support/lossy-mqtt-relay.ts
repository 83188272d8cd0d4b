/**
 * A cloud that silently loses messages, for load tests: a TCP relay in front of a real broker
 * that reads the MQTT packets clients send and drops a share of their PUBLISH packets on EDP
 * traffic topics (`rpc`, `rpc/reply`, `events`). A dropped QoS 1 publish is acknowledged to
 * the sender with a PUBACK, as a cloud that accepts a message and then loses it would do.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createRandom } from '../../src/random.js';

export interface LossyRelayOptions {
  /** The broker behind the relay. */
  readonly upstreamPort: number;
  readonly upstreamHost?: string;
  /** Share of traffic publishes dropped, 0..1. */
  readonly dropShare: number;
  readonly seed?: number;
}

export interface LossyRelay {
  readonly url: string;
  readonly port: number;
  /** Publishes dropped so far. */
  dropped(): number;
  /** Publishes passed on so far (traffic topics only). */
  passed(): number;
  stop(): Promise<void>;
}

const TRAFFIC_TOPIC = /^edp\/1\/[^/]+\/(rpc|rpc\/reply|events)$/;

export async function startLossyRelay(options: LossyRelayOptions): Promise<LossyRelay> {
  const random = createRandom(options.seed ?? 7);
  let dropped = 0;
  let passed = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({
      port: options.upstreamPort,
      host: options.upstreamHost ?? '127.0.0.1',
    });
    sockets.add(client);
    sockets.add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const packet = nextPacket(pending);
        if (!packet) break;
        pending = pending.subarray(packet.length);
        const bytes = packet.bytes;
        const publish = readPublish(bytes, packet.headerLength);
        if (publish && TRAFFIC_TOPIC.test(publish.topic)) {
          if (random.next() < options.dropShare) {
            dropped++;
            if (publish.packetId !== undefined)
              client.write(Buffer.from([0x40, 0x02, publish.packetId >> 8, publish.packetId & 0xff]));
            continue;
          }
          passed++;
        }
        upstream.write(bytes);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dropped: () => dropped,
    passed: () => passed,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The first whole MQTT packet in `buffer`: fixed header byte, remaining length (varint), body. */
function nextPacket(buffer: Buffer): { bytes: Buffer; length: number; headerLength: number } | undefined {
  let remaining = 0;
  let multiplier = 1;
  let offset = 1;
  for (;;) {
    if (offset >= buffer.length) return undefined;
    const byte = buffer[offset++] as number;
    remaining += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) break;
    multiplier *= 128;
    if (offset > 4) throw new Error('malformed MQTT remaining length');
  }
  const length = offset + remaining;
  if (buffer.length < length) return undefined;
  return { bytes: buffer.subarray(0, length), length, headerLength: offset };
}

/** Topic and packet id of a PUBLISH (MQTT 3.1.1), or undefined for any other packet. */
function readPublish(
  bytes: Buffer,
  headerLength: number,
): { topic: string; packetId: number | undefined } | undefined {
  const first = bytes[0] as number;
  if (first >> 4 !== 3) return undefined;
  const qos = (first >> 1) & 0x03;
  const topicLength = bytes.readUInt16BE(headerLength);
  const topic = bytes.toString('utf8', headerLength + 2, headerLength + 2 + topicLength);
  const packetId = qos > 0 ? bytes.readUInt16BE(headerLength + 2 + topicLength) : undefined;
  return { topic, packetId };
}
