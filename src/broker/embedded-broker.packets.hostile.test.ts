/**
 * The embedded broker against a hostile client (issue 12), at the packet level: packet limits
 * applied before buffering, MQTT 5 refused and said so, a connection that never sends its
 * CONNECT closed.
 */
import { once } from 'node:events';
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import {
  controller,
  device,
  fixedHeader,
  logLines,
  nextMessage,
  pushUntilClosed,
  TOKENS,
  useHostileBroker,
  waitFor,
} from '../../test/support/src/broker/hostile-client.js';
import { MAX_MESSAGE_BYTES } from '../protocol/codes.js';
import { DEFAULT_PACKET_LIMITS } from './packet-limits.js';

const { start, connect, rawSocket } = useHostileBroker();

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
  it('closes a connection that never sends its CONNECT (slowloris) after the connect timeout', async () => {
    const b = await start({ connectTimeoutMs: 500 });
    const silent = await rawSocket(b);
    const dribbling = await rawSocket(b);
    dribbling.write(Buffer.from([0x10, 0x20, 0x00])); // a CONNECT header, then nothing
    await Promise.all([once(silent, 'close'), once(dribbling, 'close')]);
    await waitFor(() => silent.destroyed && dribbling.destroyed);
  });
});
