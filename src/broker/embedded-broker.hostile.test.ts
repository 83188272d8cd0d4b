/**
 * The embedded broker against a hostile client (issue 12): packet limits before buffering,
 * no identity takeover, no replayed requests, no queue reaching another login, MQTT 5 refused
 * and said so, and the cases the security review found holding, kept as tests.
 */
import { once } from 'node:events';
import { connect as connectTcp, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import mqtt, { type MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { MAX_MESSAGE_BYTES } from '../protocol/codes.js';
import { createBrokerAuthPolicy } from './auth-policy.js';
import { type EmbeddedBroker, type EmbeddedBrokerOptions, startEmbeddedBroker } from './embedded-broker.js';
import { DEFAULT_PACKET_LIMITS } from './packet-limits.js';
import { tokenMapPolicy } from './token-policy.js';

let broker: EmbeddedBroker | undefined;
const clients: MqttClient[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  await broker?.close();
  broker = undefined;
});

const TOKENS = {
  'bulb-0001': 'bulb-token',
  'plug-0002': 'plug-token',
  'controller:a': 'ctl-a',
  'controller:b': 'ctl-b',
};

async function start(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: tokenMapPolicy(TOKENS) }),
    ...options,
  });
  return broker;
}

/** A log destination that keeps every line. */
function logLines(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

function connect(url: string, options: mqtt.IClientOptions): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
  clients.push(client);
  // A refused or cut client reports an error after the test is done with it.
  client.on('error', () => {});
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

const device = (id: keyof typeof TOKENS, extra: mqtt.IClientOptions = {}) => ({
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
const controller = (name: 'a' | 'b', extra: mqtt.IClientOptions = {}) => ({
  clientId: `ctl_${name}_${Math.random().toString(16).slice(2, 8)}`,
  username: `controller:${name}`,
  password: TOKENS[`controller:${name}`],
  ...extra,
});

function nextMessage(client: MqttClient): Promise<[string, Buffer]> {
  return new Promise((resolve) => client.once('message', (topic, payload) => resolve([topic, payload])));
}

function rawSocket(b: EmbeddedBroker): Promise<Socket> {
  const socket = connectTcp(b.port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  return once(socket, 'connect').then(() => socket);
}

/** The MQTT fixed header of a packet type declaring `remaining` bytes (variable-length integer). */
function fixedHeader(type: number, remaining: number): Buffer {
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
async function pushUntilClosed(socket: Socket, header: Buffer, total: number): Promise<number> {
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

function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
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

describe('packet limits, before buffering', () => {
  it('refuses a CONNECT declaring 256 MB after its header, closes the connection, logs once, truncated', async () => {
    const { lines, logger } = logLines();
    const b = await start({ logger });
    const refusals: unknown[] = [];
    b.events.on('packetRefused', (refusal) => refusals.push(refusal));
    const socket = await rawSocket(b);
    const written = await pushUntilClosed(socket, fixedHeader(0x10, 268_435_455), 64 * 1024 * 1024);
    expect(socket.destroyed || socket.readyState === 'closed').toBe(true);
    // Closed long before 64 MB went through (the parser buffered all of it before).
    expect(written).toBeLessThan(32 * 1024 * 1024);
    expect(refusals).toEqual([
      expect.objectContaining({
        command: 'connect',
        declaredBytes: 268_435_455,
        limit: DEFAULT_PACKET_LIMITS.connect,
        first: true,
      }),
    ]);
    expect(lines.filter((line) => line.includes('"packet-refused"'))).toHaveLength(1);
  });

  it('serves a device that pipelines its 30 KB retained model right after CONNECT, before CONNACK', async () => {
    const b = await start();
    const socket = await rawSocket(b);
    const model = JSON.stringify({ pad: 'm'.repeat(30_000) });
    socket.write(
      Buffer.concat([
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: true,
          clientId: 'bulb-0001',
          keepalive: 30,
          username: 'bulb-0001',
          password: Buffer.from(TOKENS['bulb-0001']),
        }),
        mqttPacket.generate({
          cmd: 'publish',
          topic: 'edp/1/bulb-0001/model',
          payload: model,
          qos: 0,
          retain: true,
          dup: false,
        }),
      ]),
    );
    await waitFor(() => b.isConnected('bulb-0001'));
    const ctl = await connect(b.url, controller('a'));
    const message = nextMessage(ctl);
    await ctl.subscribeAsync('edp/1/+/model', { qos: 1 });
    const [, payload] = await message;
    expect(payload.length).toBe(model.length);
  });

  it('refuses a 2 MB PUBLISH from a logged-in controller; a subscriber gets nothing, the connection closes', async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    await bulb.subscribeAsync('edp/1/bulb-0001/rpc', { qos: 1 });
    const received: number[] = [];
    bulb.on('message', (_topic, payload) => received.push(payload.length));
    const ctl = await connect(b.url, controller('a'));
    const closed = new Promise<void>((resolve) => ctl.once('close', () => resolve()));
    ctl.publish('edp/1/bulb-0001/rpc', Buffer.alloc(2 * 1024 * 1024, 0x20), { qos: 0 });
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toEqual([]);
    expect(b.isConnected('bulb-0001')).toBe(true);
  });

  it('forwards the oversize probe of EDP-RPC-4 (a few bytes over 65,536) for the device to refuse itself', async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    await bulb.subscribeAsync('edp/1/bulb-0001/rpc', { qos: 1 });
    const message = nextMessage(bulb);
    const ctl = await connect(b.url, controller('a'));
    const probe = JSON.stringify({ id: 3, method: 'get_model', pad: 'x'.repeat(MAX_MESSAGE_BYTES) });
    await ctl.publishAsync('edp/1/bulb-0001/rpc', probe, { qos: 1 });
    const [, payload] = await message;
    expect(payload.length).toBe(Buffer.byteLength(probe));
  });
});

describe("identity: a device's id belongs to that device's own login", () => {
  it('refuses a controller using a device id as its client id; the device stays connected, no will is published', async () => {
    const b = await start();
    const wills: string[] = [];
    b.events.on('willPublished', (will) => wills.push(will.clientId));
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(`${refusal.returnCode} ${refusal.reason}`));
    await connect(b.url, device('bulb-0001'));
    await expect(connect(b.url, controller('a', { clientId: 'bulb-0001' }))).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.isConnected('bulb-0001')).toBe(true);
    expect(wills).toEqual([]);
    expect(refusals).toEqual([expect.stringMatching(/^2 client id "bulb-0001" is device bulb-0001's/)]);
  });

  it('a device takes its id back from a controller that presented it first; the controller may not return', async () => {
    const b = await start();
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(`${refusal.returnCode} ${refusal.reason}`));
    const squatter = await connect(b.url, controller('a', { clientId: 'plug-0002' }));
    const closed = new Promise<void>((resolve) => squatter.once('close', () => resolve()));
    const bulb = await connect(b.url, device('plug-0002'));
    await closed;
    expect(bulb.connected).toBe(true);
    expect(b.isConnected('plug-0002')).toBe(true);
    await bulb.endAsync();
    await expect(connect(b.url, controller('a', { clientId: 'plug-0002' }))).rejects.toThrow();
    expect(refusals).toEqual([expect.stringMatching(/^2 client id "plug-0002" is device plug-0002's/)]);
  });

  it('accepts a controller whose client id merely looks like a device id (as Paho and other clients make them)', async () => {
    const b = await start();
    const ctl = await connect(b.url, controller('a', { clientId: 'paho1733080412345' }));
    expect(ctl.connected).toBe(true);
  });

  it('refuses a device asking for a kept session (clean=false), naming section 5', async () => {
    const b = await start();
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(refusal.reason));
    await expect(connect(b.url, device('bulb-0001', { clean: false }))).rejects.toThrow();
    expect(refusals).toEqual([
      'device bulb-0001 must connect with a clean session (docs/protocol.md, section 5: clean session on)',
    ]);
  });

  it("no queued message reaches another login: controller b cannot present controller a's kept session", async () => {
    const b = await start();
    const clientId = 'ctl_shared_session';
    const a = await connect(b.url, controller('a', { clientId, clean: false }));
    await a.subscribeAsync('edp/1/+/events', { qos: 1 });
    await a.endAsync();
    const bulb = await connect(b.url, device('bulb-0001'));
    await bulb.publishAsync('edp/1/bulb-0001/events', '{"method":"event_occurred"}', { qos: 1 });
    const stolen: string[] = [];
    const thief = mqtt.connect(b.url, { reconnectPeriod: 0, ...controller('b', { clientId, clean: false }) });
    clients.push(thief);
    thief.on('message', (topic) => stolen.push(topic));
    const outcome = await new Promise<string>((resolve) => {
      thief.once('connect', () => resolve('connected'));
      thief.once('error', (error) => resolve(error.message));
    });
    expect(outcome).toMatch(/Identifier rejected/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stolen).toEqual([]);
    // Its owner still gets the queued message.
    const back = await connect(b.url, controller('a', { clientId, clean: false }));
    const [topic] = await nextMessage(back);
    expect(topic).toBe('edp/1/bulb-0001/events');
  });

  it('logs a refused long username once, truncated; a 60,000-character one is refused by size unread', async () => {
    const { lines, logger } = logLines();
    const b = await start({ logger });
    await expect(
      connect(b.url, { clientId: 'x_1', username: 'u'.repeat(5_000), password: 'p' }),
    ).rejects.toThrow();
    const refused = lines.filter((line) => line.includes('"auth-refused"'));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.length).toBeLessThan(1_000);
    await expect(
      connect(b.url, { clientId: 'x_2', username: 'u'.repeat(60_000), password: 'p' }),
    ).rejects.toThrow();
    const sized = lines.filter((line) => line.includes('"packet-refused"'));
    expect(sized).toHaveLength(1);
    expect(sized[0]?.length).toBeLessThan(1_000);
  });
});

describe('requests are never retained', () => {
  it('strips retain from a request: a device subscribing later never receives (or re-executes) it', async () => {
    const b = await start();
    const ctl = await connect(b.url, controller('a'));
    await ctl.publishAsync('edp/1/bulb-0001/rpc', '{"id":1,"method":"action","params":{"siid":2,"aiid":1}}', {
      qos: 1,
      retain: true,
    });
    const received: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      const bulb = await connect(b.url, device('bulb-0001'));
      bulb.on('message', (topic) => received.push(topic));
      await bulb.subscribeAsync('edp/1/bulb-0001/rpc', { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await bulb.endAsync();
    }
    expect(received).toEqual([]);
  });

  it('still retains presence and the model (section 5)', async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    await bulb.publishAsync('edp/1/bulb-0001/state', '{"online":true,"model":"m","fw":"1"}', {
      qos: 1,
      retain: true,
    });
    const ctl = await connect(b.url, controller('a'));
    const message = nextMessage(ctl);
    await ctl.subscribeAsync('edp/1/+/state', { qos: 1 });
    const [topic] = await message;
    expect(topic).toBe('edp/1/bulb-0001/state');
  });
});

describe('MQTT 5', () => {
  it('is refused with CONNACK 1, and the broker says which protocol level it refused', async () => {
    const b = await start();
    const refused = once(b.events, 'protocolRefused');
    const socket = await rawSocket(b);
    const answer = once(socket, 'data');
    socket.write(
      mqttPacket.generate(
        {
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 5,
          clean: true,
          clientId: 'bulb-0001',
          keepalive: 30,
          username: 'bulb-0001',
          password: Buffer.from(TOKENS['bulb-0001']),
        },
        { protocolVersion: 5 },
      ),
    );
    const [bytes] = (await answer) as [Buffer];
    // CONNACK (0x20), remaining length 2, session present 0, return code 1 (unacceptable protocol version).
    expect([...bytes.subarray(0, 4)]).toEqual([0x20, 2, 0, 1]);
    const [refusal] = (await refused) as [{ clientId: string; protocolVersion: number }];
    expect(refusal).toMatchObject({ protocolVersion: 5 });
  });
});

describe('what held in the review, kept held', () => {
  it("refuses a device logging in with another device's token", async () => {
    const b = await start();
    await expect(connect(b.url, device('bulb-0001', { password: TOKENS['plug-0002'] }))).rejects.toThrow();
    expect(b.isConnected('bulb-0001')).toBe(false);
  });

  it("refuses a device's subscription outside its own tree (SUBACK 128), recorded as EDP-MQTT-3", async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    const granted = await new Promise<number[]>((resolve) => {
      bulb.subscribe(['edp/1/plug-0002/rpc', 'edp/1/+/rpc', '#'], { qos: 1 }, (_e, _g, packet) =>
        resolve([...((packet as { granted?: number[] } | undefined)?.granted ?? [])]),
      );
    });
    expect(granted).toEqual([128, 128, 128]);
    expect(b.violations.list().map((v) => v.rule)).toEqual(['EDP-MQTT-3', 'EDP-MQTT-3', 'EDP-MQTT-3']);
  });

  it("refuses a controller's publish to a device's state (closing its connection); presence is unchanged", async () => {
    const b = await start();
    const ctl = await connect(b.url, controller('a'));
    const closed = new Promise<void>((resolve) => ctl.once('close', () => resolve()));
    ctl.publish('edp/1/bulb-0001/state', '{"online":true,"model":"fake","fw":"0"}', { qos: 1, retain: true });
    await closed;
    const reader = await connect(b.url, controller('b'));
    const seen: string[] = [];
    reader.on('message', (topic) => seen.push(topic));
    await reader.subscribeAsync('edp/1/+/state', { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);
  });

  it('closes a connection that never sends its CONNECT (slowloris) after the connect timeout', async () => {
    const b = await start({ connectTimeoutMs: 500 });
    const silent = await rawSocket(b);
    const dribbling = await rawSocket(b);
    dribbling.write(Buffer.from([0x10, 0x20, 0x00])); // a CONNECT header, then nothing
    await Promise.all([once(silent, 'close'), once(dribbling, 'close')]);
    await waitFor(() => silent.destroyed && dribbling.destroyed);
  });
});
