/**
 * Issue 12, finding 1, on the WebSocket binding: a simulated TV gets requests nested 20,000 deep
 * (in the value, an echoed siid, an action's in) and answers each with -32600 and its id; the
 * device stays up and answers the next request (EDP-RPC-4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startWsSimulator } from '../support/reference-simulator.js';
import { nestedText, placeInRequest } from '../support/src/protocol/index.js';
import { connectController, type WsController } from '../support/ws-controller.js';

let device: RunningSimulator;
let controller: WsController;

beforeAll(async () => {
  device = await startWsSimulator({ type: 'tv', deviceId: 'tv-0042', token: 'T' });
  controller = await connectController(device.url as string, 'T');
}, 30_000);

afterAll(async () => {
  await controller?.close();
  await device?.stop();
});

describe('a WebSocket device under deep requests', () => {
  it('answers each with -32600 and its id, then answers get_model', async () => {
    const deep = nestedText(20_000, '1');
    for (const [index, slot] of (['value', 'siid', 'in', 'params'] as const).entries()) {
      controller.socket.send(placeInRequest(slot, deep, 700 + index));
      expect(await controller.reply(700 + index, 5_000)).toMatchObject({ error: { code: -32600 } });
    }
    controller.send({ id: 800, method: 'get_model' });
    expect(await controller.reply(800, 5_000)).toMatchObject({ result: { edp: 1 } });
  });
});
