/** Binding-layer faults on the WebSocket binding: each one visibly takes effect (docs/faults.md). */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startWsDevice, type WsDevice } from '../../simulators/bindings/ws/index.js';
import { realClock } from '../../simulators/clock/index.js';
import { createDeviceEngine } from '../../simulators/engine/index.js';
import { bindingFaults } from '../../simulators/faults/binding/index.js';
import type { BindingFaultName } from '../../simulators/faults/types.js';
import { parseModelText } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { createRandom } from '../../src/random.js';
import { connectController, tryConnect, type WsController } from '../support/ws-controller.js';

const TV: DeviceModel = parseModelText(
  readFileSync(new URL('../../fixtures/models/tv.json', import.meta.url), 'utf8'),
  'tv',
).model;
const TOKEN = 'tv-secret';
const TURN_ON = { method: 'set_properties', params: [{ siid: 2, piid: 1, value: true }] };

let device: WsDevice | undefined;
const controllers: WsController[] = [];

afterEach(async () => {
  await Promise.all(controllers.splice(0).map((c) => c.close()));
  await device?.close();
  device = undefined;
});

async function faultyTv(
  fault: BindingFaultName,
  options: { replyLatencyMs?: number } = {},
): Promise<WsDevice> {
  const clock = realClock();
  const plan = [{ name: fault, rate: 1 }];
  const engine = createDeviceEngine({ deviceId: 'tv-0001', model: TV, clock });
  const faults = bindingFaults({ plan, random: createRandom(1), clock, ...options });
  device = await startWsDevice({ engine, token: TOKEN, faults });
  return device;
}

async function controller(url: string, hello = true): Promise<WsController> {
  const c = await connectController(url, TOKEN);
  controllers.push(c);
  if (hello) await c.waitFor((m) => m.method === 'hello');
  return c;
}

const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WebSocket binding faults', () => {
  it('ws-accept-bad-token upgrades a connection without the right token (breaks EDP-WS-1)', async () => {
    const { url } = await faultyTv('ws-accept-bad-token');
    expect(await tryConnect(url, 'wrong')).toBe('open');
    expect(await tryConnect(url, undefined)).toBe('open');
  });

  it('ws-no-hello sends no hello on a new connection (breaks EDP-WS-2)', async () => {
    const { url } = await faultyTv('ws-no-hello');
    const c = await controller(url, false);
    c.send({ id: 1, ...TURN_ON });
    await c.reply(1);
    expect(c.received.some((m) => (m as { method?: string }).method === 'hello')).toBe(false);
  });

  it('ws-notify-one-controller sends notifications to one controller only (breaks EDP-WS-3)', async () => {
    const { url } = await faultyTv('ws-notify-one-controller');
    const [a, b] = [await controller(url), await controller(url)];
    b!.send({ id: 1, ...TURN_ON });
    await b!.reply(1);
    await a!.waitFor((m) => m.method === 'properties_changed');
    await settle();
    expect(b!.received.some((m) => (m as { method?: string }).method === 'properties_changed')).toBe(false);
  });

  it('ws-cross-replies answers on another controller (breaks EDP-WS-3)', async () => {
    const { url } = await faultyTv('ws-cross-replies');
    const [a, b] = [await controller(url), await controller(url)];
    a!.send({ id: 41, method: 'get_model' });
    await b!.reply(41);
    await settle();
    expect(a!.received.some((m) => (m as { id?: unknown }).id === 41)).toBe(false);
  });

  it('drop-replies never answers; duplicate-replies answers twice (EDP-RPC-1)', async () => {
    const dropping = await faultyTv('drop-replies');
    const c = await controller(dropping.url);
    c.send({ id: 1, ...TURN_ON });
    await c.waitFor((m) => m.method === 'properties_changed');
    await settle();
    expect(c.received.some((m) => (m as { id?: unknown }).id === 1)).toBe(false);
    await c.close();
    await dropping.close();

    const doubling = await faultyTv('duplicate-replies');
    const d = await controller(doubling.url);
    d.send({ id: 2, ...TURN_ON });
    await d.reply(2);
    await settle();
    expect(d.received.filter((m) => (m as { id?: unknown }).id === 2)).toHaveLength(2);
  });

  it('reply-latency delays replies by the given latency', async () => {
    const { url } = await faultyTv('reply-latency', { replyLatencyMs: 400 });
    const c = await controller(url);
    const start = performance.now();
    c.send({ id: 1, method: 'get_model' });
    await c.reply(1);
    expect(performance.now() - start).toBeGreaterThanOrEqual(390);
  });

  it('garbage-frames sends a frame that is not a message of section 3 (EDP-RPC-6)', async () => {
    const { url } = await faultyTv('garbage-frames');
    const c = await controller(url);
    c.send({ id: 1, method: 'get_model' });
    await c.reply(1);
    const shapes = c.received.slice(1, -1);
    expect(shapes).toHaveLength(1);
    const garbage = shapes[0] as Record<string, unknown>;
    expect('raw' in garbage || !('id' in garbage && ('result' in garbage || 'error' in garbage))).toBe(true);
  });

  it('drop-notifications sends no notification (EDP-NOTIFY-1)', async () => {
    const { url } = await faultyTv('drop-notifications');
    const c = await controller(url);
    c.send({ id: 1, ...TURN_ON });
    await c.reply(1);
    await settle();
    expect(c.received.some((m) => (m as { method?: string }).method === 'properties_changed')).toBe(false);
  });

  it('disconnect-clean closes with a close frame; disconnect-abrupt drops the connection', async () => {
    for (const [fault, closeCode] of [
      ['disconnect-clean', 1001],
      ['disconnect-abrupt', 1006],
    ] as const) {
      const tv = await faultyTv(fault);
      const c = await controller(tv.url);
      const closed = new Promise<number>((resolve) => c.socket.once('close', (code) => resolve(code)));
      c.send({ id: 1, method: 'get_model' });
      expect(await closed).toBe(closeCode);
      await tv.close();
    }
  });

  it('state-lost-on-reconnect forgets the state when a controller connects again', async () => {
    const { url } = await faultyTv('state-lost-on-reconnect');
    const a = await controller(url);
    a.send({ id: 1, ...TURN_ON });
    await a.reply(1);
    await a.close();
    const b = await controller(url);
    b.send({ id: 2, method: 'get_properties', params: [{ siid: 2, piid: 1 }] });
    expect(await b.reply(2)).toEqual({ id: 2, result: [{ siid: 2, piid: 1, code: 0, value: false }] });
  });
});
