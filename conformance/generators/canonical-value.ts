/**
 * One fixed valid value per property (the first enumerated value, the range's min, false, the
 * empty string, or the number closest to 0), for places that need a value but no variety.
 */

import type { PropertySpec, PropertyValue } from '../../src/model/index.js';
import { INTEGER_LIMITS, isIntegerFormat } from '../../src/model/index.js';

export function canonicalValue(spec: PropertySpec): PropertyValue {
  const first = spec.values?.[0];
  if (first !== undefined) return first.value;
  if (spec.range !== undefined) return spec.range[0];
  switch (spec.format) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'float':
      return 0;
    default: {
      if (!isIntegerFormat(spec.format)) return 0;
      const [lo, hi] = INTEGER_LIMITS[spec.format];
      return Math.min(Math.max(0, lo), hi);
    }
  }
}
