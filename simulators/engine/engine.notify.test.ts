/** EDP-NOTIFY-1..3 on the engine alone. */
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../src/model/types.js';
import { isValidValue } from '../../src/model/values.js';
import { testDevice } from '../../test/support/simulators/engine/harness.js';
import { testModel } from '../../test/support/simulators/engine/models.js';
import { toNotifications } from './notifications.js';

describe('EDP-NOTIFY-1: one item per change of a notify property, none without a change', () => {
  it('notifies a change and not a write of the same value', () => {
    const device = testDevice('bulb');
    expect(device.call('set_properties', [{ siid: 2, piid: 2, value: 40 }]).notifications).toEqual([
      { method: 'properties_changed', params: [{ siid: 2, piid: 2, value: 40 }] },
    ]);
    expect(device.call('set_properties', [{ siid: 2, piid: 2, value: 40.0 }]).notifications).toEqual([]);
    expect(device.call('action', { siid: 2, aiid: 3 }).items).toEqual([{ siid: 2, piid: 2, value: 30 }]);
  });

  it('does not notify a clamp that leaves the value where it was', () => {
    const device = testDevice('bulb', { initialState: [{ siid: 2, piid: 2, value: 100 }] });
    expect(device.call('action', { siid: 2, aiid: 2 }).notifications).toEqual([]);
  });

  it('notifies volatile changes the device makes by itself, and only real ones', () => {
    const device = testDevice('purifier');
    expect(device.engine.changeByItself(3, 3, 21.5)).toEqual({
      method: 'properties_changed',
      params: [{ siid: 3, piid: 3, value: 21.5 }],
    });
    expect(device.engine.changeByItself(3, 3, 21.5)).toBeUndefined();
    expect(() => device.engine.changeByItself(3, 3, 21.55)).toThrow(/not on a step of 0.1/);
    expect(() => device.engine.changeByItself(3, 9, 1)).toThrow(/no such property/);
  });

  it('never notifies a property without notify access', () => {
    const device = testDevice(togglesModel(20));
    const { reply, notifications } = device.call('action', { siid: 2, aiid: 2 });
    expect(reply.result.code).toBe(0);
    expect(notifications).toEqual([]);
    expect(device.engine.read(2, 2)).toBe(true);
  });

  it('groups items into messages of at most 16, in order', () => {
    const device = testDevice(togglesModel(20));
    const { notifications, items } = device.call('action', { siid: 2, aiid: 1 });
    expect(notifications.map((n) => (n.method === 'properties_changed' ? n.params.length : 0))).toEqual([
      16, 4,
    ]);
    expect(items.map((i) => i.value)).toEqual(Array.from({ length: 20 }, (_, i) => i % 2 === 0));
  });
});

describe('EDP-NOTIFY-2: items in the order of the changes, each with the value taken', () => {
  it('gives two items for two writes in one batch', () => {
    const device = testDevice('bulb');
    const { items } = device.call('set_properties', [
      { siid: 2, piid: 2, value: 10 },
      { siid: 2, piid: 5, value: 2 },
      { siid: 2, piid: 2, value: 20 },
    ]);
    expect(items).toEqual([
      { siid: 2, piid: 2, value: 10 },
      { siid: 2, piid: 5, value: 2 },
      { siid: 2, piid: 2, value: 20 },
    ]);
  });

  it('keeps events in place between property changes', () => {
    expect(
      toNotifications([
        { siid: 2, piid: 1, value: 1 },
        { siid: 2, eiid: 1, arguments: [] },
        { siid: 2, piid: 1, value: 2 },
      ]),
    ).toEqual([
      { method: 'properties_changed', params: [{ siid: 2, piid: 1, value: 1 }] },
      { method: 'event_occurred', params: { siid: 2, eiid: 1, arguments: [] } },
      { method: 'properties_changed', params: [{ siid: 2, piid: 1, value: 2 }] },
    ]);
  });
});

describe('EDP-NOTIFY-3: event arguments are valid for the model', () => {
  it('reads arguments from the current state when the device emits on its own', () => {
    const device = testDevice('purifier');
    device.engine.changeByItself(4, 1, 0);
    const event = device.engine.emitEvent(4, 1);
    expect(event).toEqual({
      method: 'event_occurred',
      params: { siid: 4, eiid: 1, arguments: [{ piid: 1, value: 0 }] },
    });
    const spec = device.engine.model.services.find((s) => s.siid === 4)!.properties[0]!;
    expect(isValidValue(spec, 0)).toBe(true);
    expect(device.engine.emitEvent(4, 2)).toBeUndefined();
  });
});

/** Action 1 toggles notify property 1 `count` times; action 2 toggles non-notify property 2. */
function togglesModel(count: number): DeviceModel {
  return testModel('test.toggles.v1', [
    {
      siid: 2,
      name: 'switch',
      properties: [
        { piid: 1, name: 'on', format: 'bool', access: ['read', 'notify'] },
        { piid: 2, name: 'quiet', format: 'bool', access: ['read'] },
      ],
      actions: [
        {
          aiid: 1,
          name: 'flicker',
          in: [],
          out: [],
          effects: Array.from({ length: count }, () => ({ op: 'toggle', piid: 1 })),
        },
        { aiid: 2, name: 'hush', in: [], out: [], effects: [{ op: 'toggle', piid: 2 }] },
      ],
    },
  ]);
}
