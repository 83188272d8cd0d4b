import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXml, serializeXml } from './xml.js';

/** The inverse of escapeXml for what it writes (the five entities and numeric references). */
function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (_, name: string) =>
    name.startsWith('#')
      ? String.fromCodePoint(Number(name.slice(1)))
      : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name]!,
  );
}

const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

describe('XML escaping in one place', () => {
  it('escapes markup characters and keeps whitespace in attributes', () => {
    expect(escapeXml(`a<b>&"c'\n`, true)).toBe('a&lt;b&gt;&amp;&quot;c&apos;&#10;');
    expect(escapeXml(`a<b>&"c'\n`, false)).toBe(`a&lt;b&gt;&amp;"c'\n`);
    expect(escapeXml('bell\u0007 nul\u0000', false)).toBe('bell\uFFFD nul\uFFFD');
    expect(escapeXml('lone \uD800 high, pair \uD83D\uDE00 kept, lone \uDC00 low', false)).toBe(
      'lone \uFFFD high, pair \uD83D\uDE00 kept, lone \uFFFD low',
    );
  });

  it('round-trips any string, with characters XML cannot hold replaced by U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.boolean(), (text, inAttribute) => {
        const escaped = escapeXml(text, inAttribute);
        expect(escaped).not.toMatch(/[<>]/);
        expect(escaped).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
        expect(escaped).not.toMatch(NOT_XML);
        if (inAttribute) expect(escaped).not.toMatch(/["\n\r\t]/);
        expect(unescapeXml(escaped)).toBe(text.replace(NOT_XML, '\uFFFD'));
      }),
    );
  });

  it('serializes a tree with a declaration, empty elements and text', () => {
    expect(
      serializeXml({
        name: 'a',
        attributes: { n: 1, s: 'x"y' },
        children: [{ name: 'b' }, { name: 'c', text: '1 < 2' }],
      }),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a n="1" s="x&quot;y">\n  <b/>\n  <c>1 &lt; 2</c>\n</a>\n',
    );
  });
});
