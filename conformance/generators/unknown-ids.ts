/**
 * fast-check arbitraries of ids the model does not have (-4003): an unused siid, an unused
 * piid/aiid in a real service, or an id that is not a whole number at all (section 3: a
 * missing or non-integer siid, piid or aiid is -4003 too).
 */
import fc from 'fast-check';
import type { ModelIndex } from '../judge/model-index.js';

export type IidKind = 'piid' | 'aiid';

/** `{ siid, [kind] }` pairs that address nothing in the model; `undefined` members are left out. */
export function unknownAddress(index: ModelIndex, kind: IidKind): fc.Arbitrary<Record<string, unknown>> {
  const siids = [...index.services.keys()];
  const used = (siid: number) => {
    const service = index.services.get(siid);
    if (service === undefined) return new Set<number>();
    return new Set(
      kind === 'piid'
        ? (service.properties ?? []).map((p) => p.piid)
        : (service.actions ?? []).map((a) => a.aiid),
    );
  };
  const freeIn = (taken: ReadonlySet<number>) =>
    fc.integer({ min: 1, max: 65_535 }).filter((n) => !taken.has(n));
  const unusedSiid = freeIn(new Set(siids)).chain((siid) =>
    fc.integer({ min: 1, max: 20 }).map((iid) => ({ siid, [kind]: iid })),
  );
  const unusedIid = fc
    .constantFrom(...siids)
    .chain((siid) => freeIn(used(siid)).map((iid) => ({ siid, [kind]: iid })));
  const realSiid = fc.constantFrom(...siids);
  const malformed = fc.oneof(
    realSiid.map((siid) => ({ siid, [kind]: String(1) })),
    realSiid.map((siid) => ({ siid, [kind]: 1.5 })),
    realSiid.map((siid) => ({ siid })),
    fc.constant({ [kind]: 1 }),
    realSiid.map((siid) => ({ siid: String(siid), [kind]: 1 })),
    realSiid.map((siid) => ({ siid, [kind]: null })),
  );
  return fc.oneof(
    { weight: 2, arbitrary: unusedIid },
    { weight: 1, arbitrary: unusedSiid },
    { weight: 1, arbitrary: malformed },
  );
}
