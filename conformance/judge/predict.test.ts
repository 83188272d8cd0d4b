/** Item codes and their precedence, batches, guards and effects, on the reference models (section 3). */
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { emptyState, type JudgeState, known, withValue } from './knowledge.js';
import type { ModelIndex } from './model-index.js';
import { predictRequest } from './predict-request.js';

function stateOf(index: ModelIndex, values: Record<string, unknown>): JudgeState {
  let state = emptyState();
  for (const [key, value] of Object.entries(values)) {
    const [siid, piid] = key.split('.').map(Number);
    const p = index.property(siid, piid);
    if (p === undefined) throw new Error(key);
    state = withValue(state, p, known(value as never, 'read'));
  }
  return state;
}

const codes = (r: { response: { kind: string } }) =>
  (r.response as unknown as { items: Array<{ code: number }> }).items.map((i) => i.code);

describe('get_properties (EDP-PROP-1, EDP-PROP-2)', () => {
  const bulb = fixtureIndex('bulb');
  it('reads known values exactly and volatile ones by validity', () => {
    const state = stateOf(bulb, { '2.2': 40 });
    const r = predictRequest(bulb, state, {
      method: 'get_properties',
      params: [
        { siid: 2, piid: 2 },
        { siid: 3, piid: 1 },
      ],
    });
    expect(r.response).toMatchObject({
      kind: 'get',
      items: [
        { code: 0, value: { kind: 'exact', value: 40 } },
        { code: 0, value: { kind: 'valid' } },
      ],
    });
  });
  it('gives -4003 for unknown or malformed addresses, item by item', () => {
    const params = [
      { siid: 9, piid: 1 },
      { siid: 2, piid: 99 },
      { siid: '2', piid: 1 },
      { siid: 2 },
      { siid: 2, piid: 1.5 },
      { siid: 2, piid: 1 },
    ];
    expect(
      codes(predictRequest(bulb, stateOf(bulb, { '2.1': true }), { method: 'get_properties', params })),
    ).toEqual([-4003, -4003, -4003, -4003, -4003, 0]);
  });
});

describe('set_properties (EDP-PROP-3, EDP-PROP-4)', () => {
  const tv = fixtureIndex('tv');
  const off = stateOf(tv, { '2.1': false, '2.2': 10, '2.3': false, '2.4': 5, '2.5': 0, '2.6': '' });
  it('serves items in order, each seeing the state before it: [on = true, volume = 30] on a TV that is off gives 0, 0', () => {
    const r = predictRequest(tv, off, {
      method: 'set_properties',
      params: [
        { siid: 2, piid: 1, value: true },
        { siid: 2, piid: 2, value: 30 },
      ],
    });
    expect(codes(r)).toEqual([0, 0]);
    expect(r.changes.map((c) => [c.property.label, c.value.known && c.value.value])).toEqual([
      ['television.on', true],
      ['television.volume', 30],
    ]);
  });
  it('follows the precedence -4003, -4002, -4005, -4007', () => {
    const params = [
      { siid: 2, piid: 42, value: 1 },
      { siid: 2, piid: 6, value: 5 },
      { siid: 2, piid: 2, value: 500 },
      { siid: 2, piid: 2 },
      { siid: 2, piid: 2, value: 30 },
    ];
    const r = predictRequest(tv, off, { method: 'set_properties', params });
    expect(codes(r)).toEqual([-4003, -4002, -4005, -4005, -4007]);
    expect(r.changes).toEqual([]);
    expect(r.next).toEqual(off);
  });
  it('writing the value a property has is not a change', () => {
    const r = predictRequest(tv, off, {
      method: 'set_properties',
      params: [{ siid: 2, piid: 1, value: false }],
    });
    expect(codes(r)).toEqual([0]);
    expect(r.changes).toEqual([]);
  });
  it('two writes to one property in a batch are two changes (EDP-NOTIFY-2)', () => {
    const on = stateOf(tv, { '2.1': true, '2.2': 10 });
    const r = predictRequest(tv, on, {
      method: 'set_properties',
      params: [
        { siid: 2, piid: 2, value: 11 },
        { siid: 2, piid: 2, value: 12 },
      ],
    });
    expect(r.changes.map((c) => c.value.known && c.value.value)).toEqual([11, 12]);
  });
});

describe('action (EDP-ACT-1, EDP-ACT-2)', () => {
  const tv = fixtureIndex('tv');
  const on = stateOf(tv, { '2.1': true, '2.2': 100, '2.4': 999, '2.6': 'news' });
  it('wraps channel-up at the top of the range and clamps volume-up', () => {
    const up = predictRequest(tv, on, { method: 'action', params: { siid: 2, aiid: 1, in: [] } });
    expect(up.response).toMatchObject({ code: 0, out: [] });
    expect(up.changes.map((c) => c.value.known && c.value.value)).toEqual([1]);
    const vol = predictRequest(tv, on, { method: 'action', params: { siid: 2, aiid: 3, in: [] } });
    expect(vol.changes).toEqual([]);
  });
  it('sets from in and emits with the arguments read at that point', () => {
    const r = predictRequest(tv, on, {
      method: 'action',
      params: { siid: 2, aiid: 5, in: [{ piid: 6, value: 'films' }] },
    });
    expect(r.changes.map((c) => c.value.known && c.value.value)).toEqual(['films']);
    expect(r.events.map((e) => e.arguments.map((a) => a.value.kind === 'exact' && a.value.value))).toEqual([
      ['films'],
    ]);
  });
  it('follows the precedence -4003, -4006, -4007; a missing in is []', () => {
    const off = stateOf(tv, { '2.1': false });
    const code = (params: object, state = off) =>
      (predictRequest(tv, state, { method: 'action', params }).response as { code: number }).code;
    expect(code({ siid: 2, aiid: 77, in: 'x' })).toBe(-4003);
    expect(code({ siid: 2, aiid: 5, in: [] })).toBe(-4006);
    expect(code({ siid: 2, aiid: 5, in: 'x' })).toBe(-4006);
    expect(code({ siid: 2, aiid: 5, in: [{ piid: 6, value: 'x'.repeat(65) }] })).toBe(-4006);
    expect(code({ siid: 2, aiid: 1 })).toBe(-4007);
    expect(code({ siid: 2, aiid: 1 }, on)).toBe(0);
  });
});
