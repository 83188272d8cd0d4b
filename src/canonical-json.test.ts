import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The same members in another order, all the way down. */
function reorder(value: unknown, pick: (n: number) => number): unknown {
  if (Array.isArray(value)) return value.map((item) => reorder(item, pick));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const shuffled: [string, unknown][] = [];
  while (entries.length > 0) shuffled.push(...entries.splice(pick(entries.length), 1));
  return Object.fromEntries(shuffled.map(([k, v]) => [k, reorder(v, pick)]));
}

describe('canonicalJson (model hashes, report digests)', () => {
  it('keeps the value: parsing it gives back the same JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // Through JSON.stringify: -0 has no JSON spelling of its own and becomes 0 either way.
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on member order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.nat(), { minLength: 1 }), (value, picks) => {
        let i = 0;
        const pick = (n: number) => (picks[i++ % picks.length] as number) % n;
        expect(canonicalJson(reorder(value, pick))).toBe(canonicalJson(value));
      }),
    );
  });

  it('sorts keys by code unit, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x y'], B: { d: undefined, c: 2.5 }, é: 0 })).toBe(
      '{"B":{"c":2.5},"a":[true,null,"x y"],"b":1,"é":0}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('refuses a value with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(/function has no JSON form/);
  });

  it('writes a value nested 100,000 deep without recursing (a hub under test sent one, issue 19)', () => {
    const depth = 100_000;
    const text = `${'['.repeat(depth)}{"b":1,"a":2}${']'.repeat(depth)}`;
    expect(canonicalJson(JSON.parse(text))).toBe(`${'['.repeat(depth)}{"a":2,"b":1}${']'.repeat(depth)}`);
    let nested: unknown = 0;
    for (let k = 0; k < depth; k++) nested = { k: nested };
    expect(canonicalJson(nested).length).toBe(depth * 6 + 1);
  });
});
