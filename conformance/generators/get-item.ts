/**
 * fast-check arbitrary of one `get_properties` item: mostly readable properties, also
 * properties without `read` (-4001) and addresses the model does not have (-4003).
 */
import fc from 'fast-check';
import type { ModelIndex } from '../judge/model-index.js';
import { propertyText, rawAddressText } from './address-text.js';
import { unknownAddress } from './unknown-ids.js';

export interface ItemSpec {
  readonly item: Readonly<Record<string, unknown>>;
  /** How the item reads in a counterexample. */
  readonly text: string;
}

export function getItem(index: ModelIndex): fc.Arbitrary<ItemSpec> {
  const readable = index.properties.filter((p) => p.readable);
  const unreadable = index.properties.filter((p) => !p.readable);
  const options: Array<fc.WeightedArbitrary<ItemSpec>> = [];
  if (readable.length > 0) {
    options.push({
      weight: 6,
      arbitrary: fc
        .constantFrom(...readable)
        .map((p) => ({ item: { siid: p.siid, piid: p.piid }, text: propertyText(p) })),
    });
  }
  if (unreadable.length > 0) {
    options.push({
      weight: 2,
      arbitrary: fc
        .constantFrom(...unreadable)
        .map((p) => ({ item: { siid: p.siid, piid: p.piid }, text: propertyText(p) })),
    });
  }
  options.push({
    weight: 1,
    arbitrary: unknownAddress(index, 'piid').map((item) => ({
      item,
      text: rawAddressText(index, item.siid, item.piid),
    })),
  });
  return fc.oneof(...options);
}
