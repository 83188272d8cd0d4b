/**
 * Helpers the arbitraries share: JSON members that survive a JSON round trip, keys for
 * members section 3 does not name, and object texts built member by member so that a test
 * can write number spellings `JSON.stringify` never produces (`1e400`, `NaN`, `17.5`).
 */
import fc from 'fast-check';

/** Member names that section 3 gives a meaning to somewhere; extra members avoid them. */
const NAMED = new Set([
  'id',
  'method',
  'params',
  'result',
  'error',
  'siid',
  'piid',
  'aiid',
  'eiid',
  'in',
  'value',
  'code',
]);

/** A member name section 3 does not name (the receiver ignores it). `__proto__` is left to example tests. */
export function extraKey(): fc.Arbitrary<string> {
  return fc.string({ unit: 'binary', maxLength: 8 }).filter((key) => !NAMED.has(key) && key !== '__proto__');
}

/** Any JSON value, small, whose JSON round trip is exact (fc.jsonValue may hold -0, which JSON writes as 0). */
export function jsonMember(): fc.Arbitrary<unknown> {
  return fc
    .jsonValue({ maxDepth: 2, stringUnit: 'binary' })
    .map((value) => JSON.parse(JSON.stringify(value)) as unknown);
}

/** Up to `max` extra members with their values. */
export function extraMembers(max = 2): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .uniqueArray(fc.tuple(extraKey(), jsonMember()), { maxLength: max, selector: ([key]) => key })
    .map((entries) => Object.fromEntries(entries));
}

/** `{"k":v,...}` from members whose values are already JSON texts (or deliberately not). */
export function objectText(members: readonly (readonly [string, string])[]): string {
  return `{${members.map(([key, raw]) => `${JSON.stringify(key)}:${raw}`).join(',')}}`;
}

/** A JSON text for any JSON value. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

const encoder = new TextEncoder();
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
