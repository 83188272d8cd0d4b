/**
 * For every engine-layer fault, a short script and what a clean device and a faulty one must
 * observe differently, in the way docs/faults.md says. Typed as a complete record so that a
 * new engine fault without a scenario does not compile.
 */
import { expect } from 'vitest';
import type { EngineFaultName } from '../../../../simulators/faults/types.js';
import type { DeviceModel, PropertyValue } from '../../../../src/model/types.js';
import { isValidValue } from '../../../../src/model/values.js';
import type { Exchange, FixtureName, TestDevice } from '../engine/harness.js';
import { counterModel } from '../engine/models.js';

export interface FaultScenario {
  readonly model: FixtureName | (() => DeviceModel);
  readonly initialState?: readonly { siid: number; piid: number; value: PropertyValue }[];
  /** Drives the device; what it returns is compared between the clean and the faulty run. */
  run(device: TestDevice): unknown;
  check(clean: never, faulty: never): void;
}

const TV_ON = [{ siid: 2, piid: 1, value: true }];
const codes = (e: Exchange) => (e.reply.result as { code: number }[]).map((r) => r.code);

const scenario = <C, F = C>(s: {
  model: FaultScenario['model'];
  initialState?: FaultScenario['initialState'];
  run: (device: TestDevice) => C | F;
  check: (clean: C, faulty: F) => void;
}): FaultScenario => s as unknown as FaultScenario;

const write = (siid: number, piid: number, value: unknown) => (d: TestDevice) => {
  const e = d.call('set_properties', [{ siid, piid, value }]);
  return { code: codes(e)[0], stored: d.engine.read(siid, piid), items: e.items };
};

export const ENGINE_FAULT_SCENARIOS: Record<EngineFaultName, FaultScenario> = {
  'accept-out-of-range': scenario({
    model: 'bulb',
    run: write(2, 2, 150),
    check: (clean, faulty) => {
      expect(clean).toMatchObject({ code: -4005, stored: 1 });
      expect(faulty).toMatchObject({ code: 0, stored: 150 });
    },
  }),
  'accept-off-grid': scenario({
    model: 'bulb',
    run: write(2, 2, 50.5),
    check: (clean, faulty) => {
      expect(clean).toMatchObject({ code: -4005, stored: 1 });
      expect(faulty).toMatchObject({ code: 0, stored: 50.5 });
    },
  }),
  'accept-unlisted-value': scenario({
    model: 'purifier',
    run: write(2, 2, 4),
    check: (clean, faulty) => {
      expect(clean).toMatchObject({ code: -4005 });
      expect((clean as { stored: unknown }).stored).not.toBe(4);
      expect(faulty).toMatchObject({ code: 0, stored: 4 });
    },
  }),
  'accept-off-grid-in': scenario({
    model: counterModel,
    run: (d) => {
      const e = d.call('action', { siid: 2, aiid: 1, in: [{ piid: 2, value: 2.5 }] });
      return { code: (e.reply.result as { code: number }).code, count: d.engine.read(2, 1) };
    },
    check: (clean, faulty) => {
      expect(clean).toMatchObject({ code: -4006, count: 0 });
      // The effects ran with 2.5: count set from it, then 2 added (the add lands back on the grid).
      expect(faulty).toMatchObject({ code: 0 });
      expect((faulty as { count: unknown }).count).not.toBe(0);
    },
  }),
  'silent-clamp': scenario({
    model: 'bulb',
    run: write(2, 2, 150),
    check: (clean, faulty) => {
      expect(clean).toMatchObject({ code: -4005, stored: 1 });
      expect(faulty).toMatchObject({ code: 0, stored: 100 });
    },
  }),
  'write-read-only': scenario({
    model: 'purifier',
    run: write(1, 1, 'Evil Corp'),
    check: (clean, faulty) => {
      expect(clean).toMatchObject({ code: -4002, stored: 'fleetcert' });
      expect(faulty).toMatchObject({ code: 0, stored: 'Evil Corp' });
    },
  }),
  'wrong-item-code': scenario({
    model: counterModel,
    run: (d) => [
      ...codes(
        d.call('set_properties', [
          { siid: 1, piid: 1, value: 'x' },
          { siid: 2, piid: 2, value: 9 },
        ]),
      ),
      ...codes(d.call('get_properties', [{ siid: 2, piid: 2 }])),
    ],
    check: (clean, faulty) => {
      expect(clean).toEqual([-4002, -4005, -4001]);
      expect(faulty).toEqual([-4005, -4002, -4003]);
    },
  }),
  'reorder-batch': scenario({
    model: 'bulb',
    run: (d) =>
      d.call('get_properties', [
        { siid: 2, piid: 1 },
        { siid: 2, piid: 2 },
      ]).reply.result,
    check: (clean, faulty) => {
      expect(clean).toEqual([
        { siid: 2, piid: 1, code: 0, value: false },
        { siid: 2, piid: 2, code: 0, value: 1 },
      ]);
      expect(faulty).toEqual([
        { siid: 2, piid: 2, code: 0, value: 1 },
        { siid: 2, piid: 1, code: 0, value: false },
      ]);
    },
  }),
  'poisoned-batch': scenario({
    model: 'bulb',
    run: (d) => {
      const e = d.call('set_properties', [
        { siid: 2, piid: 1, value: true },
        { siid: 9, piid: 9, value: 1 },
      ]);
      return { codes: codes(e), on: d.engine.read(2, 1), items: e.items };
    },
    check: (clean, faulty) => {
      expect(clean).toEqual({ codes: [0, -4003], on: true, items: [{ siid: 2, piid: 1, value: true }] });
      expect(faulty).toEqual({ codes: [-4003, -4003], on: false, items: [] });
    },
  }),
  'batch-length-mismatch': scenario({
    model: 'purifier',
    run: (d) => [
      d.call('get_properties', [
        { siid: 2, piid: 1 },
        { siid: 2, piid: 2 },
      ]).reply.result.length,
      d.call('set_properties', [{ siid: 2, piid: 1, value: true }]).reply.result.length,
    ],
    check: (clean, faulty) => {
      expect(clean).toEqual([2, 1]);
      expect(faulty).toEqual([1, 2]);
    },
  }),
  'serve-oversized-batch': scenario({
    model: 'bulb',
    run: (d) => {
      const e = d.call(
        'get_properties',
        Array.from({ length: 17 }, () => ({ siid: 2, piid: 1 })),
      );
      return Array.isArray(e.reply.result) ? e.reply.result.length : e.reply.error?.code;
    },
    check: (clean, faulty) => {
      expect(clean).toBe(-32602);
      expect(faulty).toBe(17);
    },
  }),
  'missing-notification': scenario({
    model: 'bulb',
    run: write(2, 1, true),
    check: (clean, faulty) => {
      expect(clean).toEqual({ code: 0, stored: true, items: [{ siid: 2, piid: 1, value: true }] });
      expect(faulty).toEqual({ code: 0, stored: true, items: [] });
    },
  }),
  'stale-notification': scenario({
    model: 'bulb',
    run: write(2, 2, 40),
    check: (clean, faulty) => {
      expect(clean).toEqual({ code: 0, stored: 40, items: [{ siid: 2, piid: 2, value: 40 }] });
      expect(faulty).toEqual({ code: 0, stored: 40, items: [{ siid: 2, piid: 2, value: 1 }] });
    },
  }),
  'notify-unchanged': scenario({
    model: 'bulb',
    run: write(2, 1, false),
    check: (clean, faulty) => {
      expect(clean).toEqual({ code: 0, stored: false, items: [] });
      expect(faulty).toEqual({ code: 0, stored: false, items: [{ siid: 2, piid: 1, value: false }] });
    },
  }),
  'no-volatile-notify': scenario({
    model: 'purifier',
    // A sensor reading (volatile pm2.5) moves by itself: the clean device notifies it, the faulty one
    // keeps it silent yet reads it back; a write-caused change is still notified (missing-notification's job).
    run: (d) => ({
      item: d.engine.changeByItself(3, 1, 321) ?? null,
      stored: d.engine.read(3, 1),
      written: d.call('set_properties', [{ siid: 2, piid: 1, value: true }]).items.length,
    }),
    check: (clean, faulty) => {
      expect(clean).toEqual({
        item: { method: 'properties_changed', params: [{ siid: 3, piid: 1, value: 321 }] },
        stored: 321,
        written: 1,
      });
      expect(faulty).toEqual({ item: null, stored: 321, written: 1 });
    },
  }),
  'ignore-when': scenario({
    model: 'tv',
    run: (d) => [
      ...codes(d.call('set_properties', [{ siid: 2, piid: 2, value: 30 }])),
      d.call('action', { siid: 2, aiid: 1 }).reply.result.code,
      d.engine.read(2, 2),
      d.engine.read(2, 4),
    ],
    check: (clean, faulty) => {
      expect(clean).toEqual([-4007, -4007, 0, 1]);
      expect(faulty).toEqual([0, 0, 30, 2]);
    },
  }),
  'wrap-as-clamp': scenario({
    model: 'tv',
    initialState: [...TV_ON, { siid: 2, piid: 4, value: 999 }],
    run: (d) => d.call('action', { siid: 2, aiid: 1 }) && d.engine.read(2, 4),
    check: (clean, faulty) => {
      expect(clean).toBe(1);
      expect(faulty).toBe(999);
    },
  }),
  'effects-out-of-order': scenario({
    model: 'tv',
    initialState: TV_ON,
    run: (d) => d.call('action', { siid: 2, aiid: 5, in: [{ piid: 6, value: 'netflix' }] }).notifications,
    check: (clean, faulty) => {
      const event = (value: string) => ({
        method: 'event_occurred',
        params: { siid: 2, eiid: 1, arguments: [{ piid: 6, value }] },
      });
      const change = { method: 'properties_changed', params: [{ siid: 2, piid: 6, value: 'netflix' }] };
      expect(clean).toEqual([change, event('netflix')]);
      expect(faulty).toEqual([event(''), change]);
    },
  }),
  'duplicate-executes-twice': scenario({
    model: 'bulb',
    run: (d) => {
      const first = d.send({ id: 9, method: 'action', params: { siid: 2, aiid: 1 } });
      const again = d.send({ id: 9, method: 'action', params: { siid: 2, aiid: 1 } });
      return { on: d.engine.read(2, 1), first: first.items.length, again: again.items.length };
    },
    check: (clean, faulty) => {
      expect(clean).toEqual({ on: true, first: 1, again: 0 });
      expect(faulty).toEqual({ on: false, first: 1, again: 1 });
    },
  }),
  'unresponsive-after-garbage': scenario({
    model: 'purifier',
    run: (d) => [d.send('%%%').reply?.error?.code, d.call('get_model').reply?.id],
    check: (clean, faulty) => {
      expect(clean).toEqual([-32700, 1]);
      expect(faulty).toEqual([-32700, undefined]);
    },
  }),
  'id-as-string': scenario({
    model: 'bulb',
    run: (d) => d.send({ id: 17, method: 'get_properties', params: [{ siid: 2, piid: 1 }] }).reply.id,
    check: (clean, faulty) => {
      expect(clean).toBe(17);
      expect(faulty).toBe('17');
    },
  }),
  'wrong-value-type': scenario({
    model: 'bulb',
    run: (d) =>
      d.call('get_properties', [
        { siid: 2, piid: 2 },
        { siid: 2, piid: 1 },
      ]).reply.result,
    check: (clean, faulty) => {
      expect(clean).toEqual([
        { siid: 2, piid: 2, code: 0, value: 1 },
        { siid: 2, piid: 1, code: 0, value: false },
      ]);
      expect(faulty).toEqual([
        { siid: 2, piid: 2, code: 0, value: '1' },
        { siid: 2, piid: 1, code: 0, value: false },
      ]);
    },
  }),
  'result-and-error': scenario({
    model: 'bulb',
    run: (d) => Object.keys(d.call('get_properties', [{ siid: 2, piid: 1 }]).reply).sort(),
    check: (clean, faulty) => {
      expect(clean).toEqual(['id', 'result']);
      expect(faulty).toEqual(['error', 'id', 'result']);
    },
  }),
  'missing-event': scenario({
    model: 'tv',
    initialState: TV_ON,
    run: (d) =>
      d
        .call('action', { siid: 2, aiid: 5, in: [{ piid: 6, value: 'yt' }] })
        .notifications.map((n) => n.method),
    check: (clean, faulty) => {
      expect(clean).toEqual(['properties_changed', 'event_occurred']);
      expect(faulty).toEqual(['properties_changed']);
    },
  }),
  'invalid-event-arguments': scenario({
    model: 'tv',
    initialState: TV_ON,
    run: (d) => {
      const event = d.call('action', { siid: 2, aiid: 5, in: [{ piid: 6, value: 'yt' }] }).notifications[1];
      const spec = d.engine.model.services[1]!.properties.find((p) => p.piid === 6)!;
      return (
        event?.method === 'event_occurred' && event.params.arguments.every((a) => isValidValue(spec, a.value))
      );
    },
    check: (clean, faulty) => {
      expect(clean).toBe(true);
      expect(faulty).toBe(false);
    },
  }),
  'lost-write': scenario({
    model: 'bulb',
    run: write(2, 2, 40),
    check: (clean, faulty) => {
      expect(clean).toEqual({ code: 0, stored: 40, items: [{ siid: 2, piid: 2, value: 40 }] });
      expect(faulty).toEqual({ code: 0, stored: 1, items: [] });
    },
  }),
  'wrong-out': scenario({
    model: counterModel,
    run: (d) => d.call('action', { siid: 2, aiid: 1, in: [{ piid: 2, value: 5 }] }).reply.result,
    check: (clean, faulty) => {
      expect(clean).toEqual({
        code: 0,
        out: [
          { piid: 3, value: true },
          { piid: 1, value: 7 },
        ],
      });
      expect(faulty).toEqual({
        code: 0,
        out: [
          { piid: 3, value: false },
          { piid: 1, value: 0 },
        ],
      });
    },
  }),
  'unreadable-returns-value': scenario({
    model: counterModel,
    run: (d) => d.call('get_properties', [{ siid: 2, piid: 2 }]).reply.result,
    check: (clean, faulty) => {
      expect(clean).toEqual([{ siid: 2, piid: 2, code: -4001 }]);
      expect(faulty).toEqual([{ siid: 2, piid: 2, code: 0, value: 0 }]);
    },
  }),
  'bad-envelope-code': scenario({
    model: 'tv',
    run: (d) => [d.send('not json').reply.error.code, d.send({ id: 3, method: 'nope' }).reply.error.code],
    check: (clean, faulty) => {
      expect(clean).toEqual([-32700, -32601]);
      expect(faulty).toEqual([-32600, -32602]);
    },
  }),
};
