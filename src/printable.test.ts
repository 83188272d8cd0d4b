import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControl, printable, truncate } from './printable.js';

const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

describe('printable text', () => {
  it('leaves no control character in any string, and changes nothing in text without one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeControl(text);
        expect(CONTROL.test(escaped)).toBe(false);
        if (!CONTROL.test(text)) expect(escaped).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('writes a carriage return and an ANSI sequence as escapes, as a reader would type them', () => {
    expect(escapeControl('bulb\r\u001b[2KPASS\u202e')).toBe('bulb\\r\\u001b[2KPASS\\u202e');
  });

  it('cuts long text and says how long it was', () => {
    expect(truncate('x'.repeat(60_000), 10)).toBe('xxxxxxxxxx… (60000 characters)');
    expect(printable(`${'\u001b'.repeat(500)}`, 3)).toBe('\\u001b\\u001b\\u001b… (500 characters)');
  });
});
