/** The write that makes a `when` guard hold, when its property is writable; else nothing. */
import type { Guard } from '../../src/model/index.js';
import type { ModelIndex } from '../judge/model-index.js';
import { propertyText, show } from './address-text.js';
import type { ItemSpec } from './get-item.js';

export function guardItems(index: ModelIndex, siid: number, guard: Guard | undefined): ItemSpec[] {
  if (guard === undefined) return [];
  const property = index.property(siid, guard.piid);
  if (property === undefined || !property.writable) return [];
  return [
    {
      item: { siid, piid: guard.piid, value: guard.equals },
      text: `${propertyText(property)} = ${show(guard.equals)}`,
    },
  ];
}
