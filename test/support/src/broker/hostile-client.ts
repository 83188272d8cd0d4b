/**
 * The embedded broker against a hostile client (issue 12), for src/broker/*.hostile.test.ts:
 * a broker with fixed tokens started per test, MQTT clients and raw sockets closed after each
 * test, and the raw bytes a client that does not play by MQTT sends.
 */
import { once } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach } from 'vitest';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  startEmbeddedBroker,
  tokenMapPolicy,
} from '../../../../src/broker/index.js';
import { createLogger } from '../../../../src/log/index.js';

export const TOKENS = {
  'bulb-0001': 'bulb-token',
  'plug-0002': 'plug-token',
  'controller:a': 'ctl-a',
  'controller:b': 'ctl-b',
};

export interface HostileBrokerHarness {
  /** The broker of this test, with `TOKENS`; closed after it. */
  start(options?: EmbeddedBrokerOptions): Promise<EmbeddedBroker>;
  /** An MQTT 3.1.1 client that resolves on CONNACK, rejects when refused; ended after the test. */
  connect(url: string, options: mqtt.IClientOptions): Promise<MqttClient>;
  /** A TCP socket to the broker, to send what no MQTT client would; destroyed after the test. */
  rawSocket(broker: EmbeddedBroker): Promise<Socket>;
  /** Ends `client` after the test too (one the test connected itself). */
  track(client: MqttClient): void;
}

/** Registers the per-test clean-up (afterEach) of the calling file and returns its harness. */
export function useHostileBroker(): HostileBrokerHarness {
  let broker: EmbeddedBroker | undefined;
  const clients: MqttClient[] = [];
  const sockets: Socket[] = [];

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
    await broker?.close();
    broker = undefined;
  });

  return {
    async start(options = {}) {
      broker = await startEmbeddedBroker({
        port: 0,
        auth: createBrokerAuthPolicy({ tokens: tokenMapPolicy(TOKENS) }),
        ...options,
      });
      return broker;
    },
    connect(url, options) {
      const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
      clients.push(client);
      // A refused or cut client reports an error after the test is done with it.
      client.on('error', () => {});
      return new Promise((resolve, reject) => {
        client.once('connect', () => resolve(client));
        client.once('error', reject);
        client.once('close', () => reject(new Error('closed before CONNACK')));
      });
    },
    rawSocket(b) {
      const socket = connectTcp(b.port, '127.0.0.1');
      sockets.push(socket);
      socket.on('error', () => {});
      return once(socket, 'connect').then(() => socket);
    },
    track(client) {
      clients.push(client);
    },
  };
}

/** Login options of device `id` (its own token, a retained offline will). */
export const device = (id: keyof typeof TOKENS, extra: mqtt.IClientOptions = {}) => ({
  clientId: id,
  username: id,
  password: TOKENS[id],
  will: {
    topic: `edp/1/${id}/state`,
    payload: Buffer.from('{"online":false}'),
    qos: 1 as const,
    retain: true,
  },
  ...extra,
});

/** Login options of controller `name`, with a client id of its own. */
export const controller = (name: 'a' | 'b', extra: mqtt.IClientOptions = {}) => ({
  clientId: `ctl_${name}_${Math.random().toString(16).slice(2, 8)}`,
  username: `controller:${name}`,
  password: TOKENS[`controller:${name}`],
  ...extra,
});

export function nextMessage(client: MqttClient): Promise<[string, Buffer]> {
  return new Promise((resolve) => client.once('message', (topic, payload) => resolve([topic, payload])));
}

/** A log destination that keeps every line. */
export function logLines(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

/** The MQTT fixed header of a packet type declaring `remaining` bytes (variable-length integer). */
export function fixedHeader(type: number, remaining: number): Buffer {
  const bytes = [type];
  let value = remaining;
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 128;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

/** Writes `total` bytes of junk after `header` until the peer closes; resolves with what was written. */
export async function pushUntilClosed(socket: Socket, header: Buffer, total: number): Promise<number> {
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  socket.write(header);
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let written = 0;
  while (written < total && !closed) {
    if (!socket.write(chunk)) {
      await new Promise((resolve) => {
        socket.once('drain', resolve);
        socket.once('close', resolve);
      });
    }
    written += chunk.length;
  }
  if (!closed)
    await new Promise((resolve) => {
      socket.once('close', resolve);
      setTimeout(resolve, 10_000);
    });
  return written;
}

export function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(tick, 20);
    };
    tick();
  });
}
