/**
 * Where each member of a JSON object sits in its text, found by one flat scan (a depth counter,
 * no recursion). The hub forwards params, results and notifications as the very text it received
 * (verbatim, EDP-HUB-1 and EDP-HUB-3) and never re-serialises them: JSON.stringify recurses and
 * throws on a deeply nested value that JSON.parse accepted. Pure.
 */

export interface MemberSpan {
  readonly key: string;
  /** The member from its key's opening quote to the end of its value: `"key": value`. */
  readonly start: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The members of the object that `text.slice(from, to)` holds, in order (a repeated key appears
 * each time). The text must be valid JSON (JSON.parse accepted it) and that slice an object;
 * otherwise the result is undefined.
 */
export function objectMembers(text: string, from = 0, to = text.length): MemberSpan[] | undefined {
  let i = skipSpace(text, from, to);
  if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
  i = skipSpace(text, i + 1, to);
  const members: MemberSpan[] = [];
  if (text.charCodeAt(i) === 0x7d /* } */) return members;
  while (i < to) {
    const start = i;
    const keyEnd = stringEnd(text, i, to);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, keyEnd, to);
    if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
    const valueStart = skipSpace(text, i + 1, to);
    const valueEnd = valueEndAt(text, valueStart, to);
    members.push({ key, start, valueStart, valueEnd });
    i = skipSpace(text, valueEnd, to);
    const c = text.charCodeAt(i);
    if (c === 0x7d) return members;
    if (c !== 0x2c /* , */) return undefined;
    i = skipSpace(text, i + 1, to);
  }
  return undefined;
}

/** The raw text of member `key` (its last occurrence, as JSON.parse keeps the last), or undefined. */
export function memberText(text: string, members: readonly MemberSpan[], key: string): string | undefined {
  for (let k = members.length - 1; k >= 0; k--) {
    const member = members[k]!;
    if (member.key === key) return text.slice(member.valueStart, member.valueEnd);
  }
  return undefined;
}

/** The object's text without the members named `drop`, every other member byte for byte. */
export function objectWithout(text: string, members: readonly MemberSpan[], drop: string): string {
  const kept = members.filter((m) => m.key !== drop).map((m) => text.slice(m.start, m.valueEnd));
  return `{${kept.join(',')}}`;
}

function skipSpace(text: string, i: number, to: number): number {
  while (i < to && WHITESPACE.has(text.charCodeAt(i))) i++;
  return i;
}

/** `i` at a string's opening quote: the index just past its closing quote. */
function stringEnd(text: string, i: number, to: number): number {
  for (let j = i + 1; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c /* \ */) j++;
    else if (c === 0x22 /* " */) return j + 1;
  }
  return to;
}

/** `i` at a value's first character: the index just past the value. */
function valueEndAt(text: string, i: number, to: number): number {
  const first = text.charCodeAt(i);
  if (first === 0x22) return stringEnd(text, i, to);
  if (first !== 0x7b && first !== 0x5b) {
    // A number, true, false or null: runs until a delimiter.
    let j = i;
    while (j < to) {
      const c = text.charCodeAt(j);
      if (c === 0x2c || c === 0x7d || c === 0x5d || WHITESPACE.has(c)) break;
      j++;
    }
    return j;
  }
  let depth = 0;
  for (let j = i; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) j = stringEnd(text, j, to) - 1;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return to;
}
