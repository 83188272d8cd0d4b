/** EDP-RPC-1..5 on the engine alone (PROTOCOL.md section 4). */
import { describe, expect, it } from 'vitest';
import { testDevice } from '../../test/support/simulators/engine/harness.js';

describe('EDP-RPC-1: one response with the request id', () => {
  it('answers every method with the id it was sent', () => {
    const device = testDevice('bulb');
    for (const [id, method, params] of [
      [7, 'get_properties', [{ siid: 2, piid: 1 }]],
      [8, 'set_properties', [{ siid: 2, piid: 1, value: true }]],
      [9, 'action', { siid: 2, aiid: 1 }],
      [2147483647, 'get_model', undefined],
    ] as const) {
      expect(device.send({ id, method, params }).reply.id).toBe(id);
    }
  });

  it('echoes a whole-number float id as the integer', () => {
    const device = testDevice('bulb');
    expect(device.send('{"id": 17.0, "method": "get_model"}').reply.id).toBe(17);
  });
});

describe('EDP-RPC-2: result or error, never both', () => {
  it('puts the model under result for get_model and nothing under error', () => {
    const device = testDevice('tv');
    const { reply } = device.call('get_model', ['ignored']);
    expect(reply.result).toEqual(device.engine.model);
    expect(reply).not.toHaveProperty('error');
  });

  it('answers an envelope error with error only', () => {
    const { reply } = testDevice('tv').send({ id: 3, method: 'reboot' });
    expect(reply).toEqual({ id: 3, error: { code: -32601, message: expect.any(String) } });
  });
});

describe('EDP-RPC-3: batch results have the length and order of the params', () => {
  it('keeps order and echoes siid/piid as sent (null when missing; 2.0 is siid 2), codes per item', () => {
    const device = testDevice('bulb');
    const params = [
      { siid: 2, piid: 2 },
      { siid: 9, piid: 1 },
      { piid: 1 },
      { siid: 2.0, piid: 5 },
      { siid: '2', piid: 1 },
    ];
    const { reply } = device.call('get_properties', params);
    expect(reply.result).toEqual([
      { siid: 2, piid: 2, code: 0, value: 1 },
      { siid: 9, piid: 1, code: -4003 },
      { siid: null, piid: 1, code: -4003 },
      { siid: 2, piid: 5, code: 0, value: 0 },
      { siid: '2', piid: 1, code: -4003 },
    ]);
  });

  it('serves 16 writes in order, each item seeing the ones before it', () => {
    const device = testDevice('bulb');
    const params = Array.from({ length: 16 }, (_, i) => ({ siid: 2, piid: 2, value: i + 2 }));
    const { reply, items } = device.call('set_properties', params);
    expect(reply.result).toHaveLength(16);
    expect(reply.result.every((r: { code: number }) => r.code === 0)).toBe(true);
    expect(items.map((i) => i.value)).toEqual(params.map((p) => p.value));
    expect(device.engine.read(2, 2)).toBe(17);
  });
});

describe('EDP-RPC-4: malformed input gets its envelope error and the device stays responsive', () => {
  const cases: [string, string | Uint8Array, number, number | null][] = [
    ['not JSON', '{"id": 1, ', -32700, null],
    ['not UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), -32700, null],
    ['not an object', '[1, 2]', -32600, null],
    ['no id', '{"method": "get_model"}', -32600, null],
    ['id as string', '{"id": "1", "method": "get_model"}', -32600, null],
    ['unknown method', '{"id": 4, "method": "nope"}', -32601, 4],
    ['missing method', '{"id": 5}', -32601, 5],
    ['params not an array', '{"id": 6, "method": "get_properties", "params": {}}', -32602, 6],
    ['empty batch', '{"id": 7, "method": "set_properties", "params": []}', -32602, 7],
    ['action params not an object', '{"id": 8, "method": "action", "params": []}', -32602, 8],
    ['oversize', `{"id": 9, "method": "get_model", "pad": "${'x'.repeat(70_000)}"}`, -32600, null],
  ];
  it.each(cases)('%s', (_name, frame, code, id) => {
    const device = testDevice('purifier');
    const out = device.engine.handleFrame(frame);
    expect(out.reply).toMatchObject({ id, error: { code } });
    expect(out.notifications).toEqual([]);
    expect(device.call('get_properties', [{ siid: 2, piid: 1 }]).reply.result[0].code).toBe(0);
  });

  it('answers a WebSocket binary frame with -32700, id null', () => {
    const device = testDevice('tv');
    const out = device.engine.handleFrame('{"id": 1, "method": "get_model"}', 'ws-1', { binary: true });
    expect(out.reply).toMatchObject({ id: null, error: { code: -32700 } });
  });

  it('answers -32602 for 17 items, never an item code', () => {
    const params = Array.from({ length: 17 }, () => ({ siid: 2, piid: 1 }));
    expect(testDevice('bulb').call('get_properties', params).reply.error.code).toBe(-32602);
  });
});

describe('EDP-RPC-5: a repeated id within 60 s gets the stored response', () => {
  it('replays the stored response whatever the body, with no effects and no notifications', () => {
    const device = testDevice('bulb');
    const first = device.send({ id: 42, method: 'action', params: { siid: 2, aiid: 1 } });
    expect(device.engine.read(2, 1)).toBe(true);
    expect(first.items).toEqual([{ siid: 2, piid: 1, value: true }]);
    device.clock.advance(59_999);
    const again = device.send({
      id: 42,
      method: 'set_properties',
      params: [{ siid: 2, piid: 2, value: 50 }],
    });
    expect(again.reply).toEqual(first.reply);
    expect(again.notifications).toEqual([]);
    expect(device.engine.read(2, 1)).toBe(true);
    expect(device.engine.read(2, 2)).toBe(1);
    const garbage = device.send('{"id": 42, "method": 12');
    expect(garbage.reply.error.code).toBe(-32700);
    const wrongShape = device.send({ id: 42, method: 'get_properties', params: 'x' });
    expect(wrongShape.reply).toEqual(first.reply);
  });

  it('replays stored errors too', () => {
    const device = testDevice('bulb');
    const first = device.send({ id: 5, method: 'launch' });
    expect(first.reply.error.code).toBe(-32601);
    const again = device.send({
      id: 5,
      method: 'set_properties',
      params: [{ siid: 2, piid: 1, value: true }],
    });
    expect(again.reply).toEqual(first.reply);
    expect(device.engine.read(2, 1)).toBe(false);
  });

  it('executes the id again once the window is over', () => {
    const device = testDevice('bulb');
    device.send({ id: 1, method: 'action', params: { siid: 2, aiid: 1 } });
    device.clock.advance(60_001);
    const later = device.send({ id: 1, method: 'action', params: { siid: 2, aiid: 1 } });
    expect(later.items).toEqual([{ siid: 2, piid: 1, value: false }]);
  });

  it('keys the window per channel (per WebSocket connection)', () => {
    const device = testDevice('bulb');
    device.send({ id: 1, method: 'action', params: { siid: 2, aiid: 1 } }, 'ws-a');
    const other = device.send({ id: 1, method: 'action', params: { siid: 2, aiid: 1 } }, 'ws-b');
    expect(other.items).toEqual([{ siid: 2, piid: 1, value: false }]);
    const repeat = device.send({ id: 1, method: 'action', params: { siid: 2, aiid: 1 } }, 'ws-a');
    expect(repeat.items).toEqual([]);
  });

  it('forgets the window and state on resetState', () => {
    const device = testDevice('bulb');
    device.send({ id: 1, method: 'set_properties', params: [{ siid: 2, piid: 2, value: 80 }] });
    device.engine.resetState();
    expect(device.engine.read(2, 2)).toBe(1);
    const again = device.send({ id: 1, method: 'set_properties', params: [{ siid: 2, piid: 2, value: 80 }] });
    expect(again.items).toEqual([{ siid: 2, piid: 2, value: 80 }]);
  });
});
