/**
 * The fleet's controls on one WebSocket device in any order (issue 18): a `comeBack` issued
 * while a `goOffline` is still closing its server used to listen again on that server, whose
 * 'close' then never came, so the `goOffline` never settled; two `comeBack`s at once listened
 * twice (ERR_SERVER_ALREADY_LISTEN). Controls now take turns and the last one wins.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadModelFile } from '../../../src/model/index.js';
import { usePerTest } from '../../../test/support/per-test.js';
import { macrotask, settlement } from '../../../test/support/settlement.js';
import { createDeviceEngine } from '../../engine/index.js';
import { startWsDevice, type WsDevice } from './ws-device.js';

const MODELS = join(import.meta.dirname, '../../../fixtures/models');

const perTest = usePerTest();

async function tv(): Promise<WsDevice> {
  const { model } = await loadModelFile(join(MODELS, 'tv.json'));
  const engine = createDeviceEngine({ deviceId: 'tv-0001', model, clock: { now: () => performance.now() } });
  const device = await startWsDevice({ engine, token: 'T' });
  perTest.defer(() => device.close());
  return device;
}

/** A controller connected to the device (its socket keeps the server's close pending until it goes). */
async function connectController(device: WsDevice): Promise<WebSocket> {
  const socket = new WebSocket(device.url, { headers: { authorization: 'Bearer T' } });
  perTest.defer(async () => socket.terminate());
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

describe('WebSocket device controls in any order (issue 18)', () => {
  for (const how of ['graceful', 'abrupt'] as const) {
    it(`a comeBack while goOffline (${how}) is closing: both settle, the device listens`, async () => {
      const device = await tv();
      await connectController(device);
      const off = settlement(device.goOffline(how));
      await device.comeBack();
      // Listening again on a server still closing would have kept its 'close' from ever coming.
      await connectController(device);
      await macrotask();
      expect(off()).toBe('resolved');
      expect(device.listening).toBe(true);
    });
  }

  it('two comeBacks at once both resolve listening; a goOffline after them leaves it off', async () => {
    const device = await tv();
    await device.goOffline('graceful');
    const first = device.comeBack();
    const second = device.comeBack();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    expect(device.listening).toBe(true);
    const back = device.comeBack();
    const off = device.goOffline('abrupt');
    await Promise.all([back, off]);
    expect(device.listening).toBe(false);
  });
});
