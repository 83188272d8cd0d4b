/**
 * fast-check arbitrary of one `set_properties` item: valid values for writable properties
 * (whether their `when` holds is the judge's business at run time), invalid or missing values
 * (-4005), properties without `write` (-4002) and addresses the model does not have (-4003).
 */
import fc from 'fast-check';
import type { IndexedProperty, ModelIndex } from '../judge/model-index.js';
import { propertyText, rawAddressText, show } from './address-text.js';
import type { ItemSpec } from './get-item.js';
import { invalidPropertyValue } from './invalid-property-value.js';
import { propertyValue } from './property-value.js';
import { unknownAddress } from './unknown-ids.js';

export function setItem(index: ModelIndex): fc.Arbitrary<ItemSpec> {
  const writable = index.properties.filter((p) => p.writable);
  const readOnly = index.properties.filter((p) => !p.writable);
  const options: Array<fc.WeightedArbitrary<ItemSpec>> = [];
  if (writable.length > 0) {
    const pick = fc.constantFrom(...writable);
    options.push({ weight: 6, arbitrary: pick.chain((p) => validWrite(p)) });
    options.push({ weight: 3, arbitrary: pick.chain((p) => invalidWrite(p)) });
  }
  if (readOnly.length > 0) {
    options.push({
      weight: 2,
      arbitrary: fc
        .constantFrom(...readOnly)
        .chain((p) =>
          fc
            .oneof(validWrite(p), invalidWrite(p))
            .map((s) => ({ ...s, text: `${s.text} (no write access)` })),
        ),
    });
  }
  options.push({
    weight: 1,
    arbitrary: fc
      .tuple(unknownAddress(index, 'piid'), fc.constantFrom<unknown>(1, true, 'x'))
      .map(([address, value]) => ({
        item: { ...address, value },
        text: `${rawAddressText(index, address.siid, address.piid)} = ${show(value)}`,
      })),
  });
  return fc.oneof(...options);
}

/** A write of a valid value. */
export function validWrite(p: IndexedProperty): fc.Arbitrary<ItemSpec> {
  return propertyValue(p.spec).map((value) => ({
    item: { siid: p.siid, piid: p.piid, value },
    text: `${propertyText(p)} = ${show(value)}`,
  }));
}

function invalidWrite(p: IndexedProperty): fc.Arbitrary<ItemSpec> {
  const missing: ItemSpec = { item: { siid: p.siid, piid: p.piid }, text: `${propertyText(p)} = (no value)` };
  return fc.oneof(
    {
      weight: 5,
      arbitrary: invalidPropertyValue(p.spec).map(({ value, why }) => ({
        item: { siid: p.siid, piid: p.piid, value },
        text: `${propertyText(p)} = ${show(value)} (${why})`,
      })),
    },
    { weight: 1, arbitrary: fc.constant(missing) },
  );
}
