/**
 * Says where a report page differs from the page its embedded result renders to, in terms a
 * reviewer can act on: the line, the part of the report, and both versions of the text there.
 */

const EXCERPT_RADIUS = 36;

function firstDifference(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return shorter;
}

/** The nearest `data-rule` or `data-section` that opens before `offset` in `html`. */
function partAt(html: string, offset: number): string {
  const before = html.slice(0, offset);
  const resultBlock = before.lastIndexOf('<script type="application/json"');
  const rule = /data-rule="([^"]*)"/g;
  const section = /data-section="([^"]*)"/g;
  let last = { at: -1, text: 'the page head' };
  for (const [re, label] of [
    [rule, (m: string) => `requirement ${m}`],
    [section, (m: string) => `the ${m} section`],
  ] as const) {
    for (const match of before.matchAll(re)) {
      if (match.index > last.at) last = { at: match.index, text: label(match[1]!) };
    }
  }
  if (resultBlock > last.at) return 'the embedded result';
  return last.text;
}

/** A short stretch of `text` around `at`, on one line: line breaks and control characters made visible. */
function excerpt(text: string, at: number): string {
  const from = Math.max(0, at - EXCERPT_RADIUS);
  const to = Math.min(text.length, at + EXCERPT_RADIUS);
  const visible = text
    .slice(from, to)
    .replace(/\n/g, '⏎')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this makes visible
    .replace(/[\u0000-\u001F\u007F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${from > 0 ? '…' : ''}${visible}${to < text.length ? '…' : ''}`;
}

export function describeFirstDifference(expected: string, actual: string): string {
  const at = firstDifference(expected, actual);
  const line = actual.slice(0, at).split('\n').length;
  return `its page differs from the page its embedded result renders to, first at line ${line} (in ${partAt(expected, at)}): expected \`${excerpt(expected, at)}\`, found \`${excerpt(actual, at)}\``;
}
