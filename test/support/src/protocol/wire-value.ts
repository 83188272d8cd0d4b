import fc from 'fast-check';
import type { PropertyValue } from '../../../../src/model/types.js';

/**
 * A value of some format as it travels (section 2): a boolean, a whole number within the
 * integer formats' limits, a finite double, or a string (any code points). `-0` is left out:
 * JSON writes it as `0`, so it cannot round-trip.
 */
export function wireValue(): fc.Arbitrary<PropertyValue> {
  return fc.oneof(
    fc.boolean(),
    fc.integer({ min: -2_147_483_648, max: 4_294_967_295 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
    fc.string({ unit: 'binary', maxLength: 24 }),
  );
}

/** An id inside a model: siid, piid, aiid or eiid, 1..65535. */
export function iid(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }) },
    fc.integer({ min: 1, max: 65_535 }),
  );
}
