import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startWsDevice, type WsDevice } from '../../simulators/bindings/ws/index.js';
import { realClock } from '../../simulators/clock/index.js';
import { createDeviceEngine } from '../../simulators/engine/index.js';
import { parseModelText } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { connectController, tryConnect, type WsController } from '../support/ws-controller.js';

const TV: DeviceModel = parseModelText(
  readFileSync(new URL('../../fixtures/models/tv.json', import.meta.url), 'utf8'),
  'tv',
).model;
const TOKEN = 'tv-secret';

let device: WsDevice | undefined;
const controllers: WsController[] = [];

afterEach(async () => {
  await Promise.all(controllers.splice(0).map((c) => c.close()));
  await device?.close();
  device = undefined;
});

async function startTv(): Promise<WsDevice> {
  const engine = createDeviceEngine({
    deviceId: 'tv-0001',
    model: TV,
    clock: realClock(),
    firmware: '2.1.0',
  });
  device = await startWsDevice({ engine, token: TOKEN });
  return device;
}

async function controller(url: string): Promise<WsController> {
  const c = await connectController(url, TOKEN);
  controllers.push(c);
  return c;
}

describe('WebSocket binding (PROTOCOL.md section 6)', () => {
  it('EDP-WS-1: a wrong or missing token gets HTTP 401 before the upgrade; the right one is upgraded', async () => {
    const { url } = await startTv();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/edp\/1$/);
    expect(await tryConnect(url, undefined)).toBe(401);
    expect(await tryConnect(url, 'wrong')).toBe(401);
    expect(await tryConnect(url, `${TOKEN}x`)).toBe(401);
    expect(await tryConnect(url.replace('/edp/1', '/other'), TOKEN)).toBe(404);
    expect(await tryConnect(url, TOKEN)).toBe('open');
  });

  it('EDP-WS-2: the first message on every new connection is hello with device id, model id and firmware', async () => {
    const { url } = await startTv();
    for (let i = 0; i < 2; i++) {
      const c = await controller(url);
      await c.waitFor((m) => m.method === 'hello');
      expect(c.received[0]).toEqual({
        method: 'hello',
        params: { deviceId: 'tv-0001', model: 'fleetcert.tv.v1', fw: '2.1.0' },
      });
    }
  });

  it('EDP-WS-3: with 4 controllers each gets its own responses and every notification reaches all', async () => {
    const tv = await startTv();
    const cs = await Promise.all([0, 1, 2, 3].map(() => controller(tv.url)));
    await Promise.all(cs.map((c) => c.waitFor((m) => m.method === 'hello')));
    expect(tv.connections).toBe(4);
    cs[0]!.send({ id: 7, method: 'set_properties', params: [{ siid: 2, piid: 1, value: true }] });
    expect(await cs[0]!.reply(7)).toEqual({ id: 7, result: [{ siid: 2, piid: 1, code: 0 }] });
    for (const c of cs) await c.waitFor((m) => m.method === 'properties_changed');
    // The same id on every connection: ids and the duplicate window are per connection (EDP-RPC-5).
    await Promise.all(
      cs.map(async (c, i) => {
        c.send({ id: 8, method: 'set_properties', params: [{ siid: 2, piid: 2, value: 10 + i }] });
        expect(await c.reply(8)).toEqual({ id: 8, result: [{ siid: 2, piid: 2, code: 0 }] });
      }),
    );
    for (const c of cs) {
      for (let i = 0; i < 4; i++) {
        await c.waitFor(
          (m) =>
            m.method === 'properties_changed' &&
            JSON.stringify(m.params) === JSON.stringify([{ siid: 2, piid: 2, value: 10 + i }]),
        );
      }
      const responses = c.received.filter((m) => (m as { id?: unknown }).id !== undefined);
      expect(responses.length).toBe(c === cs[0] ? 2 : 1);
    }
  });

  it('a binary frame gets -32700 with id null, and the device stays responsive (EDP-RPC-4)', async () => {
    const { url } = await startTv();
    const c = await controller(url);
    c.socket.send(Buffer.from(JSON.stringify({ id: 1, method: 'get_model' })), { binary: true });
    const error = await c.waitFor((m) => m.id === null);
    expect(error).toMatchObject({ id: null, error: { code: -32700 } });
    c.send({ id: 2, method: 'get_properties', params: [{ siid: 1, piid: 2 }] });
    expect(await c.reply(2)).toEqual({
      id: 2,
      result: [{ siid: 1, piid: 2, code: 0, value: 'fleetcert.tv.v1' }],
    });
  });

  it('a text frame that is not UTF-8 gets -32700 rather than a closed connection', async () => {
    const { url } = await startTv();
    const c = await controller(url);
    c.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await c.waitFor((m) => m.id === null)).toMatchObject({ error: { code: -32700 } });
  });

  it('a repeated id on one connection gets the stored response without effects (EDP-RPC-5)', async () => {
    const { url } = await startTv();
    const c = await controller(url);
    c.send({ id: 3, method: 'set_properties', params: [{ siid: 2, piid: 1, value: true }] });
    await c.reply(3);
    c.send({ id: 4, method: 'action', params: { siid: 2, aiid: 3, in: [] } });
    await c.reply(4);
    c.send({ id: 4, method: 'action', params: { siid: 2, aiid: 3, in: [] } });
    c.send({ id: 5, method: 'get_properties', params: [{ siid: 2, piid: 2 }] });
    expect(await c.reply(5)).toEqual({ id: 5, result: [{ siid: 2, piid: 2, code: 0, value: 1 }] });
    expect(c.received.filter((m) => (m as { id?: unknown }).id === 4).length).toBe(2);
  });
});
