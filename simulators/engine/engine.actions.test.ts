/** EDP-ACT-1..2 on the reference models: codes, when, effects in order, clamp/wrap, emit, out. */
import { describe, expect, it } from 'vitest';
import { testDevice } from '../../test/support/simulators/engine/harness.js';
import { counterModel } from '../../test/support/simulators/engine/models.js';

const ON = [{ siid: 2, piid: 1, value: true }];

describe('EDP-ACT-1: a valid action gives 0, its effects in order, and out', () => {
  it('toggles, and clamps brightness at its range ends (bulb)', () => {
    const device = testDevice('bulb');
    expect(device.call('action', { siid: 2, aiid: 1 }).reply.result).toEqual({ code: 0, out: [] });
    expect(device.engine.read(2, 1)).toBe(true);
    for (let i = 0; i < 12; i++) device.call('action', { siid: 2, aiid: 2 });
    expect(device.engine.read(2, 2)).toBe(100);
    const down = device.call('action', { siid: 2, aiid: 3 });
    expect(down.items).toEqual([{ siid: 2, piid: 2, value: 90 }]);
    for (let i = 0; i < 12; i++) device.call('action', { siid: 2, aiid: 3 });
    expect(device.engine.read(2, 2)).toBe(1);
  });

  it('wraps the channel both ways (tv)', () => {
    const device = testDevice('tv', { initialState: [...ON, { siid: 2, piid: 4, value: 999 }] });
    device.call('action', { siid: 2, aiid: 1 });
    expect(device.engine.read(2, 4)).toBe(1);
    device.call('action', { siid: 2, aiid: 2 });
    expect(device.engine.read(2, 4)).toBe(999);
  });

  it('sets from in, then emits with the argument read at that point (tv launch-app)', () => {
    const device = testDevice('tv', { initialState: ON });
    const { reply, notifications } = device.call('action', {
      siid: 2,
      aiid: 5,
      in: [{ piid: 6, value: 'netflix' }],
    });
    expect(reply.result).toEqual({ code: 0, out: [] });
    expect(notifications).toEqual([
      { method: 'properties_changed', params: [{ siid: 2, piid: 6, value: 'netflix' }] },
      { method: 'event_occurred', params: { siid: 2, eiid: 1, arguments: [{ piid: 6, value: 'netflix' }] } },
    ]);
  });

  it('sets a fixed value (purifier reset-filter-life)', () => {
    const device = testDevice('purifier');
    device.engine.changeByItself(4, 1, 12);
    const { items } = device.call('action', { siid: 4, aiid: 1, in: [] });
    expect(items).toEqual([{ siid: 4, piid: 1, value: 100 }]);
  });

  it('reports out after all effects, in model order', () => {
    const device = testDevice(counterModel());
    const { reply } = device.call('action', { siid: 2, aiid: 1, in: [{ piid: 2, value: 5 }] });
    // effects: set p1 from in (5), add p1 +2, toggle p3 → out lists p3 then p1 as the model does
    expect(reply.result).toEqual({
      code: 0,
      out: [
        { piid: 3, value: true },
        { piid: 1, value: 7 },
      ],
    });
  });
});

describe('EDP-ACT-2: -4003, -4006, -4007 in that precedence, and no state change', () => {
  it('gives each code where it is due', () => {
    const device = testDevice('tv');
    const before = device.engine.snapshot();
    const codes = [
      { siid: 2, aiid: 9 },
      { siid: 2 },
      { siid: 2, aiid: '1' },
      { siid: 2, aiid: 5, in: 'netflix' },
      { siid: 2, aiid: 5 },
      { siid: 2, aiid: 5, in: [{ piid: 5, value: 'netflix' }] },
      { siid: 2, aiid: 5, in: [{ piid: 6, value: 'x'.repeat(65) }] },
      {
        siid: 2,
        aiid: 5,
        in: [
          { piid: 6, value: 'a' },
          { piid: 6, value: 'b' },
        ],
      },
      { siid: 2, aiid: 5, in: ['netflix'] },
      { siid: 2, aiid: 1, in: [{ piid: 6, value: 'x' }] },
      { siid: 2, aiid: 5, in: [{ piid: 6, value: 'netflix' }] },
      { siid: 2, aiid: 1 },
    ].map((params) => device.call('action', params).reply.result);
    expect(codes.map((r) => r.code)).toEqual([
      -4003, -4003, -4003, -4006, -4006, -4006, -4006, -4006, -4006, -4006, -4007, -4007,
    ]);
    expect(codes.every((r) => Array.isArray(r.out) && r.out.length === 0)).toBe(true);
    expect(device.engine.snapshot()).toEqual(before);
  });
});
