/** The flat member scanner agrees with JSON.parse on any object text, including deep nesting JSON.stringify cannot handle. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberText, objectMembers, objectWithout } from './json-spans.js';

/** JSON texts of objects, compact or indented (so spans must skip whitespace), with any JSON values inside. */
const objectText = fc
  .tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.constantFrom(undefined, 1, 2, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent));

describe('objectMembers', () => {
  it('finds every member whose text parses to the parsed value', () => {
    fc.assert(
      fc.property(objectText, (text) => {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const members = objectMembers(text);
        expect(members).toBeDefined();
        expect(members!.map((m) => m.key)).toEqual(Object.keys(parsed));
        for (const key of Object.keys(parsed))
          expect(JSON.parse(memberText(text, members!, key)!)).toEqual(parsed[key]);
      }),
    );
  });

  it('removes one member and keeps the others byte for byte', () => {
    fc.assert(
      fc.property(objectText, fc.string(), (text, drop) => {
        const parsed = JSON.parse(text) as Record<string, unknown>;
        const without = objectWithout(text, objectMembers(text)!, drop);
        const { [drop]: _dropped, ...rest } = parsed;
        expect(JSON.parse(without)).toEqual(rest);
      }),
    );
  });

  it('keeps the last of repeated keys, as JSON.parse does, and number spelling', () => {
    const text = '{"a":1,"b":1.50,"a":[2e3]}';
    const members = objectMembers(text)!;
    expect(memberText(text, members, 'a')).toBe('[2e3]');
    expect(memberText(text, members, 'b')).toBe('1.50');
    expect(objectWithout(text, members, 'a')).toBe('{"b":1.50}');
  });

  it('scans 30,000 levels of nesting without recursion', () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const text = `{"x":${deep},"y":"}"}`;
    const members = objectMembers(text)!;
    expect(memberText(text, members, 'x')).toBe(deep);
    expect(memberText(text, members, 'y')).toBe('"}"');
  });

  it('is undefined for a text that is not an object', () => {
    expect(objectMembers('[1]')).toBeUndefined();
    expect(objectMembers('"a"')).toBeUndefined();
  });
});
