/** Malformed frames broken below the request level: size, UTF-8, JSON (see malformed-frame.ts). */
import fc from 'fast-check';
import { EnvelopeCode, MAX_MESSAGE_BYTES } from '../../../../src/protocol/codes.js';
import { encodeRequest } from '../../../../src/protocol/encode.js';
import { utf8 } from './json-text.js';
import type { Draft } from './malformed-frame.js';
import { request } from './request.js';
import { requestId } from './request-id.js';

/** Over 65,536 UTF-8 bytes, by 1 to 200 bytes; multi-byte padding makes `.length` far smaller than the byte count. */
export function oversize(): fc.Arbitrary<Draft> {
  const pads = ['x', 'é', '€', '😀'];
  return fc
    .tuple(
      fc.constantFrom(...pads),
      fc.integer({ min: 1, max: 200 }),
      requestId(),
      fc.constantFrom('ok', 'not-json'),
    )
    .map(([pad, over, id, body]) => {
      const head = body === 'ok' ? `{"id":${id},"method":"get_model","pad":"` : `{"id":${id},"method":`;
      const tail = body === 'ok' ? '"}' : '';
      const target = MAX_MESSAGE_BYTES + over;
      const padBytes = utf8(pad).length;
      const count = Math.ceil((target - utf8(head + tail).length) / padBytes);
      const text = head + pad.repeat(count) + tail;
      return {
        text,
        code: EnvelopeCode.invalidRequest,
        id: null,
        description: `${utf8(text).length} bytes (${body === 'ok' ? 'otherwise valid' : 'and not JSON'}), padded with ${pad}`,
      };
    });
}

const INVALID_SEQUENCES: readonly (readonly number[])[] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xc0, 0x80],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc3],
];

export function notUtf8Bytes(): fc.Arbitrary<Draft> {
  return fc
    .tuple(request().map(encodeRequest), fc.constantFrom(...INVALID_SEQUENCES), fc.nat())
    .map(([text, sequence, at]) => {
      const valid = utf8(text);
      const cut = at % (valid.length + 1);
      const frame = new Uint8Array([...valid.subarray(0, cut), ...sequence, ...valid.subarray(cut)]);
      const hex = sequence.map((b) => b.toString(16).padStart(2, '0')).join(' ');
      return {
        text: frame,
        code: EnvelopeCode.parseError,
        id: null,
        description: `bytes ${hex} at offset ${cut}`,
      };
    });
}

/** Text with a lone surrogate: it has no UTF-8 form, so it cannot have arrived as UTF-8. */
export function notUtf8String(): fc.Arbitrary<Draft> {
  return fc
    .tuple(request().map(encodeRequest), fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), fc.nat())
    .map(([text, lone, at]) => {
      const cut = at % (text.length + 1);
      return {
        text: text.slice(0, cut) + lone + text.slice(cut),
        code: EnvelopeCode.parseError,
        id: null,
        description: `a lone surrogate U+${lone.charCodeAt(0).toString(16).toUpperCase()} at ${cut}`,
      };
    })
    .filter((d) => /\p{Cs}/u.test(d.text as string));
}

/** A broken text and what is broken about it. */
type Broken = [text: string, what: string];

export function notJson(): fc.Arbitrary<Draft> {
  const valid = request().map(encodeRequest);
  const broken = fc.oneof<fc.Arbitrary<Broken>[]>(
    fc
      .tuple(valid, fc.constantFrom(' x', '}', ',', '{}', ' 1', '\u0000'))
      .map(([t, g]): Broken => [t + g, `trailing ${JSON.stringify(g)}`]),
    fc.tuple(valid, fc.nat()).map(([t, n]): Broken => [t.slice(0, n % t.length), 'truncated']),
    fc.tuple(valid).map(([t]): Broken => [t + t, 'two JSON texts']),
    fc.tuple(valid).map(([t]): Broken => [`\ufeff${t}`, 'a byte order mark before the text']),
    fc.tuple(valid).map(([t]): Broken => [`/*c*/${t}`, 'a comment']),
    fc
      .tuple(
        requestId(),
        fc.constantFrom('NaN', 'Infinity', '-Infinity', "'x'", '0x11', '017', '.5', '+1', 'undefined'),
      )
      .map(
        ([id, raw]): Broken => [
          `{"id":${id},"method":"set_properties","params":[{"siid":2,"piid":1,"value":${raw}}]}`,
          `value ${raw}`,
        ],
      ),
    fc.constantFrom<Broken>(
      ['', 'an empty frame'],
      ['   ', 'whitespace only'],
      ["{'id':1,'method':'get_model'}", 'single quotes'],
      ['{id:1,method:"get_model"}', 'unquoted names'],
      ['{"id":1,"method":"get_model",}', 'a trailing comma'],
      ['{"id":NaN,"method":"get_model"}', 'id NaN'],
      ['{"id":Infinity,"method":"get_model"}', 'id Infinity'],
    ),
  );
  return broken.map(([text, what]) => ({
    text,
    code: EnvelopeCode.parseError,
    id: null,
    description: `not JSON: ${what}`,
  }));
}
