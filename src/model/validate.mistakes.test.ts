/**
 * EDP-MODEL-1 by planting: take a valid generated model, plant one known mistake, and check
 * that validation reports it at the expected JSON path, and nowhere outside the planted spot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../test/support/src/model/device-model.arbitrary.js';
import { type Doc, freeSiid, MODEL_MISTAKES, Target } from '../../test/support/src/model/mistakes/index.js';
import { validateModel } from './validate.js';

const under = (path: string, scope: string) =>
  path === scope || path.startsWith(`${scope}.`) || path.startsWith(`${scope}[`);

const nonInfo = (doc: Doc) => doc.services.flatMap((s: Doc, i: number) => (s.siid === 1 ? [] : [i]));
const plantable = fc.tuple(deviceModel({ maxServices: 2 }), fc.nat()).map(([model, pick]) => {
  const doc = structuredClone(model) as Doc;
  const candidates = nonInfo(doc);
  return { doc, target: new Target(doc, candidates[pick % candidates.length]) };
});

describe('every planted mistake is reported at its path (EDP-MODEL-1)', () => {
  it.each(MODEL_MISTAKES.map((m) => [m.name, m] as const))('%s', (_, mistake) => {
    fc.assert(
      fc.property(plantable, ({ doc, target }) => {
        const planted = mistake.plant(doc, target);
        const result = validateModel(doc);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const paths = result.problems.map((p) => p.path);
        expect(paths).toContain(planted.path);
        const scope = planted.scope ?? planted.path;
        for (const path of paths) expect(under(path, scope), `${path} lies outside ${scope}`).toBe(true);
        for (const p of result.problems) expect(p.fix.length).toBeGreaterThan(0);
      }),
      { numRuns: 15 },
    );
  });

  it('reports several mistakes at once, all of them', () => {
    const combinable = MODEL_MISTAKES.filter((m) => m.combinable !== false);
    fc.assert(
      fc.property(
        plantable,
        fc.uniqueArray(fc.constantFrom(...combinable), { minLength: 2, maxLength: 6 }),
        ({ doc, target }, chosen) => {
          // Each mistake gets its own copy of the target service, so plants cannot undo each other.
          const planted = chosen.map((m) => {
            const copy = { ...structuredClone(target.service), siid: freeSiid(doc) };
            return m.plant(doc, new Target(doc, doc.services.push(copy) - 1)).path;
          });
          const result = validateModel(doc);
          expect(result.ok).toBe(false);
          if (!result.ok)
            for (const path of planted) expect(result.problems.map((p) => p.path)).toContain(path);
        },
      ),
      { numRuns: 200 },
    );
  });
});
