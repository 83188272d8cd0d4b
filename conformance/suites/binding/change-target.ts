/**
 * The property a binding check changes to see an effect: writable, readable, non-volatile (and
 * notify, when notifications are what is checked), unguarded if possible, with another valid value.
 */
import { valueVariety } from '../../generators/distinctive-value.js';
import type { IndexedProperty, ModelIndex } from '../../judge/model-index.js';

export interface ChangeTarget {
  readonly property: IndexedProperty;
  /** The write that makes its `when` hold first, if it has one. */
  readonly guard?: { readonly siid: number; readonly piid: number; readonly value: unknown };
}

/** `preferVariety`: properties with the most possible values first (a kept value then stands out from a default). */
export function changeTarget(
  index: ModelIndex,
  needNotify: boolean,
  preferVariety = false,
): ChangeTarget | undefined {
  const candidates = index.properties.filter(
    (p) =>
      p.writable &&
      p.readable &&
      !p.volatile &&
      (!needNotify || p.notify) &&
      (p.spec.values === undefined || p.spec.values.length > 1) &&
      (p.spec.range === undefined || p.spec.range[0] !== p.spec.range[1]),
  );
  if (preferVariety) candidates.sort((a, b) => valueVariety(b.spec) - valueVariety(a.spec));
  const unguarded = candidates.find((p) => p.spec.when === undefined);
  if (unguarded !== undefined) return { property: unguarded };
  for (const property of candidates) {
    const when = property.spec.when;
    if (when === undefined) continue;
    const guard = index.property(property.siid, when.piid);
    if (guard?.writable && guard.piid !== property.piid) {
      return { property, guard: { siid: property.siid, piid: when.piid, value: when.equals } };
    }
  }
  return undefined;
}
