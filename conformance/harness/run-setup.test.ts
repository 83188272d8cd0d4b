import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { deviceModel } from '../../test/support/src/model/index.js';
import { canonicalValue } from '../generators/canonical-value.js';
import { initialState } from '../generators/initial-state.js';
import { emptyState, known, withValue } from '../judge/knowledge.js';
import { indexModel } from '../judge/model-index.js';
import { predictRequest } from '../judge/predict-request.js';
import { resetItems } from './run-setup.js';

describe('the writes that set up a run', () => {
  it('make a guard hold before the guarded write, then give the guard its own value', () => {
    const tv = fixtureIndex('tv');
    const off = withValue(emptyState(), tv.property(2, 1)!, known(false, 'read'));
    const initial = new Map<string, boolean | number | string>([
      ['2.1', false],
      ['2.2', 40],
    ]);
    expect(resetItems(tv, off, initial)).toEqual([
      { siid: 2, piid: 1, value: true },
      { siid: 2, piid: 2, value: 40 },
      { siid: 2, piid: 1, value: false },
    ]);
  });
  it('write nothing that already holds, so setup never makes an unchanged write', () => {
    const tv = fixtureIndex('tv');
    const state = withValue(emptyState(), tv.property(2, 1)!, known(true, 'read'));
    expect(resetItems(tv, state, new Map([['2.1', true]]))).toEqual([]);
  });
  it('reach the initial state from any known state, for any model (as the judge predicts the writes)', () => {
    fc.assert(
      fc.property(
        deviceModel().chain((m) =>
          fc.tuple(fc.constant(m), initialState(indexModel(m)), initialState(indexModel(m))),
        ),
        ([model, from, to]) => {
          const index = indexModel(model);
          let state = emptyState();
          // As after the setup's first read: every readable, non-volatile value known.
          for (const p of index.properties) {
            const v = from.get(p.key) ?? canonicalValue(p.spec);
            if (p.readable && !p.volatile) state = withValue(state, p, known(v, 'read'));
          }
          const items = resetItems(index, state, to);
          const next =
            items.length === 0
              ? state
              : predictRequest(index, state, { method: 'set_properties', params: items }).next;
          for (const p of index.properties) {
            const want = to.get(p.key);
            const guard = p.spec.when === undefined ? undefined : index.property(p.siid, p.spec.when.piid);
            // One level of guards is handled; a guard that has a guard of its own may be out of reach.
            const reachable = guard === undefined || (guard.writable && guard.spec.when === undefined);
            if (want === undefined || !reachable || !p.readable) continue;
            const have = next.values.get(p.key);
            expect(have?.known && have.value).toEqual(want);
          }
        },
      ),
    );
  });
});
