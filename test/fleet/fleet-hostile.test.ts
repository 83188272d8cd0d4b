/**
 * Issue 12, finding 1, on a real fleet process: one request nested 20,000 deep took every device
 * of a `simulate --fleet` process offline. Here every device of a fleet (MQTT, through the
 * embedded broker) gets a burst of hostile requests (deep nesting in every slot, oversize,
 * garbage bytes, odd values), and afterwards every device still answers, and the process lives.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/embedded-broker.js';
import { connectFleetController, type FleetController } from '../support/fleet-controller.js';
import { HOSTILE_SLOTS, nestedText, placeInRequest } from '../support/src/protocol/index.js';

const BIN = new URL('../../bin/fleetcert.js', import.meta.url).pathname;
const IDS = [
  ...['0001', '0002', '0003', '0004'].map((i) => `bulb-${i}`),
  ...['0001', '0002', '0003'].map((i) => `purifier-${i}`),
  ...['0001', '0002'].map((i) => `tv-${i}`),
].map((id) => `hx-${id}`);

let broker: EmbeddedBroker;
let child: ChildProcess;
let output = '';
let controller: FleetController;

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  child = spawn(
    process.execPath,
    [
      BIN,
      'simulate',
      '--fleet',
      'bulb=4,purifier=3,tv=2',
      '--broker',
      broker.url,
      '--id-prefix',
      'hx-',
      '--token',
      'T',
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  controller = await connectFleetController(broker.url);
  await Promise.all(
    IDS.map((id) =>
      controller.waitFor(
        (r) => r.deviceId === id && r.kind === 'state' && r.body.online === true,
        60_000,
        `online presence of ${id}`,
      ),
    ),
  );
}, 90_000);

afterAll(async () => {
  await controller?.close();
  if (child && child.exitCode === null) {
    child.kill('SIGINT');
    await new Promise((resolve) => {
      child.once('exit', resolve);
      setTimeout(resolve, 10_000);
    });
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  await broker?.close();
}, 30_000);

/** The hostile frames, each with the id its reply must carry (null: none can be read). */
function hostileFrames(base: number): { frame: string | Buffer; id: number | null }[] {
  const deep = nestedText(20_000, '1');
  const frames: { frame: string | Buffer; id: number | null }[] = HOSTILE_SLOTS.filter(
    (slot) => slot !== 'id',
  ).map((slot, index) => ({
    frame: placeInRequest(slot, deep, base + index),
    id: slot === 'frame' ? null : base + index,
  }));
  frames.push(
    { frame: placeInRequest('id', deep), id: null },
    { frame: JSON.stringify({ id: base + 10, method: 'get_model', pad: 'x'.repeat(66_000) }), id: null },
    { frame: Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x80]), id: null },
    { frame: '{"id":', id: null },
    {
      frame: `{"id":${base + 11},"method":"set_properties","params":[{"siid":2,"piid":1,"value":{"__proto__":{"x":1}}}]}`,
      id: base + 11,
    },
    {
      frame: `{"id":${base + 12},"method":"set_properties","params":[{"siid":1e308,"piid":-0,"value":"\\ud800"}]}`,
      id: base + 12,
    },
    {
      frame: `{"id":${base + 13},"method":"action","params":{"siid":2,"aiid":1,"in":"${'y'.repeat(60_000)}"}}`,
      id: base + 13,
    },
  );
  return frames;
}

describe('a fleet process under a burst of hostile requests', () => {
  it('answers each hostile request that has an id, and every device answers get_model afterwards', async () => {
    const expected: { deviceId: string; id: number }[] = [];
    await Promise.all(
      IDS.map(async (deviceId, index) => {
        const frames = hostileFrames(500_000 + index * 100);
        for (const { frame, id } of frames) {
          await controller.client.publishAsync(`edp/1/${deviceId}/rpc`, frame, { qos: 1 });
          if (id !== null) expected.push({ deviceId, id });
        }
      }),
    );
    const replies = await Promise.all(
      expected.map(({ deviceId, id }) =>
        controller.waitFor(
          (r) => r.deviceId === deviceId && r.kind === 'rpc/reply' && r.body.id === id,
          30_000,
          `the reply to hostile request ${id} of ${deviceId}`,
        ),
      ),
    );
    for (const reply of replies)
      expect(reply.body).toHaveProperty(reply.body.error ? 'error.code' : 'result');
    for (const deviceId of IDS) {
      const answer = await controller.request(deviceId, 'get_model');
      expect(answer).toMatchObject({ result: { edp: 1 } });
    }
    expect(child.exitCode).toBeNull();
    expect(broker.connectedClientIds()).toEqual(expect.arrayContaining(IDS));
    expect(output).not.toMatch(/RangeError|Maximum call stack/);
  }, 120_000);
});
