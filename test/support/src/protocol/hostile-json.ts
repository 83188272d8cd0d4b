/**
 * JSON texts an attacker or a broken peer sends: nesting far deeper than any message (built as
 * text, since JSON.stringify itself overflows on them), sizes around and over the limits, and odd
 * values (`__proto__` members, huge and negative-zero numbers, escaped lone surrogates, control
 * characters, long keys). Thrown at every decoder and reader: none may throw or hang.
 */
import fc from 'fast-check';

export type HostileShape = 'deep' | 'wide' | 'odd' | 'big';

export interface HostileJson {
  readonly shape: HostileShape;
  /** Nesting depth of the text (0 for a scalar). */
  readonly depth: number;
  readonly text: string;
}

/** `inner` wrapped in `depth` levels of arrays and objects, in a pattern drawn from `openers`. */
export function nestedText(depth: number, inner: string, openers: readonly ('[' | '{')[] = ['[']): string {
  const opens: string[] = [];
  const closes: string[] = [];
  for (let level = 0; level < depth; level += 1) {
    const opener = openers[level % openers.length] ?? '[';
    opens.push(opener === '[' ? '[' : '{"a":');
    closes.push(opener === '[' ? ']' : '}');
  }
  return `${opens.join('')}${inner}${closes.reverse().join('')}`;
}

const ODD_SCALARS = [
  '1e308',
  '-1e308',
  '-0',
  '5e-324',
  '123456789012345678901234567890',
  '"\\ud800"',
  '"\\u0000\\u001b[2J\\r"',
  'null',
  'true',
  '""',
] as const;

const oddScalar = fc.constantFrom(...ODD_SCALARS);

/** An odd member: prototype-looking keys, long keys, control characters in keys. */
const oddObject = fc
  .tuple(
    fc.constantFrom(
      '"__proto__"',
      '"constructor"',
      '"toString"',
      `"${'k'.repeat(2_000)}"`,
      '"\\u001b]0;x\\u0007"',
    ),
    oddScalar,
  )
  .map(([key, value]) => `{${key}:${value},"__proto__":{"polluted":true}}`);

export function hostileJson(): fc.Arbitrary<HostileJson> {
  const deep = fc
    .record({
      depth: fc.oneof(fc.integer({ min: 30, max: 80 }), fc.integer({ min: 1_000, max: 30_000 })),
      openers: fc.array(fc.constantFrom<'[' | '{'>('[', '{'), { minLength: 1, maxLength: 3 }),
      inner: oddScalar,
    })
    .map(({ depth, openers, inner }) => ({
      shape: 'deep' as const,
      depth,
      text: nestedText(depth, inner, openers),
    }));
  const wide = fc.integer({ min: 100, max: 20_000 }).map((count) => ({
    shape: 'wide' as const,
    depth: 2,
    text: `[${Array.from({ length: count }, () => '[]').join(',')}]`,
  }));
  const odd = oddObject.map((text) => ({ shape: 'odd' as const, depth: 2, text }));
  const big = fc.integer({ min: 60_000, max: 200_000 }).map((length) => ({
    shape: 'big' as const,
    depth: 0,
    text: JSON.stringify('x'.repeat(length)),
  }));
  return fc.oneof(deep, wide, odd, big);
}

/** Where in a request a hostile value goes: the whole frame, the value, the siid, params, id. */
export type HostileSlot = 'frame' | 'value' | 'siid' | 'params' | 'id' | 'in';

export function placeInRequest(slot: HostileSlot, hostile: string, id = 7): string {
  switch (slot) {
    case 'frame':
      return hostile;
    case 'value':
      return `{"id":${id},"method":"set_properties","params":[{"siid":2,"piid":1,"value":${hostile}}]}`;
    case 'siid':
      return `{"id":${id},"method":"get_properties","params":[{"siid":${hostile},"piid":1}]}`;
    case 'params':
      return `{"id":${id},"method":"set_properties","params":${hostile}}`;
    case 'id':
      return `{"id":${hostile},"method":"get_model"}`;
    case 'in':
      return `{"id":${id},"method":"action","params":{"siid":2,"aiid":1,"in":[{"piid":1,"value":${hostile}}]}}`;
  }
}

export const HOSTILE_SLOTS: readonly HostileSlot[] = ['frame', 'value', 'siid', 'params', 'id', 'in'];
