import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileJson, nestedText } from '../test/support/src/protocol/index.js';
import { jsonDepth, MAX_MESSAGE_DEPTH, parseBoundedJson, pathDeeperThan } from './bounded-json.js';

const LIMITS = { maxBytes: 65_536, maxDepth: MAX_MESSAGE_DEPTH };

/** Follows a `$[0].a["b"]` path from `value`. */
function follow(value: unknown, path: string): unknown {
  let at = value;
  for (const [, index, name, quoted] of path.matchAll(
    /\[(\d+)\]|\.([A-Za-z_$][\w$]*)|\[("(?:[^"\\]|\\.)*")\]/g,
  )) {
    const key = index !== undefined ? Number(index) : (name ?? (JSON.parse(quoted as string) as string));
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

describe('parseBoundedJson: size, JSON, depth, in that order, never throwing', () => {
  it('accepts any ordinary JSON within the bounds, value unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        const read = parseBoundedJson(text, LIMITS);
        expect(read).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 200 },
    );
  });

  it('refuses exactly the texts deeper than the limit, naming a path that reaches a container at limit + 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * MAX_MESSAGE_DEPTH }),
        fc.array(fc.constantFrom<'[' | '{'>('[', '{'), { minLength: 1, maxLength: 4 }),
        (depth, openers) => {
          const text = nestedText(depth, '1', openers);
          const read = parseBoundedJson(text, { maxBytes: 1_000_000, maxDepth: MAX_MESSAGE_DEPTH });
          if (depth <= MAX_MESSAGE_DEPTH) {
            expect(read.ok).toBe(true);
          } else {
            expect(read).toMatchObject({ ok: false, problem: 'too-deep', limit: MAX_MESSAGE_DEPTH });
            if (read.ok || read.problem !== 'too-deep') return;
            const reached = follow(JSON.parse(text), read.path);
            expect(typeof reached).toBe('object');
            expect(jsonDepth(reached)).toBe(depth - MAX_MESSAGE_DEPTH);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never throws on hostile texts, at any depth up to 30,000, and bounds what it returns', () => {
    fc.assert(
      fc.property(hostileJson(), (hostile) => {
        const read = parseBoundedJson(hostile.text, LIMITS);
        if (read.ok) {
          expect(jsonDepth(read.value)).toBeLessThanOrEqual(MAX_MESSAGE_DEPTH);
          expect(Buffer.byteLength(hostile.text)).toBeLessThanOrEqual(LIMITS.maxBytes);
          // What comes out can be walked by the recursive JSON.stringify.
          expect(() => JSON.stringify(read.value)).not.toThrow();
        } else if (hostile.shape === 'deep') {
          expect(read.problem === 'too-deep' || read.problem === 'too-large').toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses by size before parsing, naming bytes and limit', () => {
    const text = JSON.stringify('x'.repeat(70_000));
    expect(parseBoundedJson(text, LIMITS)).toEqual({
      ok: false,
      problem: 'too-large',
      bytes: 70_002,
      limit: 65_536,
    });
  });

  it('walks 200,000 levels without recursion', () => {
    const value = JSON.parse(nestedText(200_000, '0')) as unknown;
    expect(jsonDepth(value)).toBe(200_000);
    expect(pathDeeperThan(value, 3)).toBe('$[0][0][0]');
  });

  it('reads __proto__ members as plain data, polluting nothing', () => {
    const read = parseBoundedJson('{"__proto__":{"polluted":true},"a":[{"__proto__":[]}]}', LIMITS);
    expect(read.ok).toBe(true);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
