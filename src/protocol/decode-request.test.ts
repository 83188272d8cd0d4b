import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MALFORMED_KINDS, malformedFrame, request } from '../../test/support/src/protocol/index.js';
import { extraMembers } from '../../test/support/src/protocol/json-text.js';
import { EnvelopeCode, MAX_MESSAGE_BYTES } from './codes.js';
import { decodeRequest } from './decode-request.js';
import { byteLength, encodeRequest } from './encode.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

function expectError(frame: Uint8Array | string, code: number, id: number | null, options = {}) {
  const decoded = decodeRequest(frame, options);
  expect(decoded.ok).toBe(false);
  if (!decoded.ok) expect({ code: decoded.error.code, id: decoded.error.id }).toEqual({ code, id });
  return decoded;
}

describe('decodeRequest: valid requests', () => {
  it('round-trips every well-formed request, as text and as bytes', () => {
    fc.assert(
      fc.property(request(), fc.boolean(), (req, asBytes) => {
        const text = encodeRequest(req);
        expect(decodeRequest(asBytes ? utf8(text) : text)).toEqual({ ok: true, request: req });
      }),
      { numRuns: 300 },
    );
  });

  it('ignores members section 3 does not name at the top level', () => {
    fc.assert(
      fc.property(request(), extraMembers(3), (req, extra) => {
        const text = JSON.stringify({ ...extra, ...JSON.parse(encodeRequest(req)) });
        expect(decodeRequest(text)).toEqual({ ok: true, request: req });
      }),
      { numRuns: 100 },
    );
  });

  it('accepts whole numbers written with a fraction or exponent as ids (17.0 is 17)', () => {
    for (const [raw, id] of [
      ['17.0', 17],
      ['1e1', 10],
      ['2147483647', 2 ** 31 - 1],
      ['1', 1],
    ] as const) {
      expect(decodeRequest(`{"id":${raw},"method":"get_model"}`)).toEqual({
        ok: true,
        request: { id, method: 'get_model' },
      });
    }
  });

  it('ignores get_model params, whatever they are', () => {
    expect(decodeRequest('{"id":3,"method":"get_model","params":"anything"}')).toEqual({
      ok: true,
      request: { id: 3, method: 'get_model' },
    });
  });

  it('passes item contents through unjudged: a bad item is an item code for the device, not -32602', () => {
    const decoded = decodeRequest(
      '{"id":4,"method":"set_properties","params":[{"siid":"2","piid":1.5},{"siid":2,"piid":1,"value":null},{}]}',
    );
    expect(decoded).toEqual({
      ok: true,
      request: {
        id: 4,
        method: 'set_properties',
        params: [{ siid: '2', piid: 1.5 }, { siid: 2, piid: 1, value: null }, {}],
      },
    });
    expect(decodeRequest('{"id":5,"method":"action","params":{"in":"x"}}').ok).toBe(true);
  });

  it('tolerates JSON whitespace around the text', () => {
    expect(decodeRequest(' \n\t{"id":1,"method":"get_model"}\r\n ').ok).toBe(true);
  });

  it('takes the last of duplicate members, as JSON.parse does', () => {
    expect(decodeRequest('{"id":"x","id":7,"method":"get_model"}')).toEqual({
      ok: true,
      request: { id: 7, method: 'get_model' },
    });
  });

  it('does not mistake Object.prototype members for request members', () => {
    expectError('{"id":1,"method":"constructor"}', EnvelopeCode.methodNotFound, 1);
    expectError('{"id":1,"method":"__proto__"}', EnvelopeCode.methodNotFound, 1);
    expectError('{"__proto__":{"id":5},"method":"get_model"}', EnvelopeCode.invalidRequest, null);
  });
});

describe('decodeRequest: envelope errors (EDP-RPC-4)', () => {
  it('gives each malformed kind exactly its code and id rule', () => {
    for (const kind of MALFORMED_KINDS) {
      fc.assert(
        fc.property(malformedFrame({ kinds: [kind] }), (bad) => {
          const decoded = decodeRequest(bad.frame, { binary: bad.binary });
          expect(decoded.ok, bad.description).toBe(false);
          if (!decoded.ok) {
            expect({ code: decoded.error.code, id: decoded.error.id }, bad.description).toEqual(bad.expected);
            expect(decoded.error.message.length).toBeGreaterThan(0);
            expect(decoded.error.message.length).toBeLessThan(160);
          }
        }),
        { numRuns: kind === 'oversize' ? 40 : 150 },
      );
    }
  });

  it('never throws on arbitrary bytes or strings, and always yields a request or an envelope error', () => {
    const envelopeCodes: number[] = Object.values(EnvelopeCode);
    const anyFrame = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({
        unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', 'id', 'method', '1', 'params', '\ud800'),
        maxLength: 40,
      }),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(anyFrame, fc.boolean(), (frame, binary) => {
        const decoded = decodeRequest(frame, { binary });
        if (decoded.ok) expect(typeof decoded.request.id).toBe('number');
        else {
          expect(envelopeCodes).toContain(decoded.error.code);
          expect(decoded.error.kind).toBe('envelope-error');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('answers the exact wording for each case', () => {
    expect(decodeRequest('[1]')).toMatchObject({
      error: { message: 'request must be a JSON object, got an array' },
    });
    expect(decodeRequest('{"id":"17","method":"get_model"}')).toMatchObject({
      error: { message: 'request needs an integer id from 1 to 2147483647, got id "17"' },
    });
    expect(decodeRequest('{"id":1,"method":"action","params":[]}')).toMatchObject({
      error: { message: 'action params must be an object, got an array' },
    });
    expect(decodeRequest('{"id":1,"method":"get_properties","params":[{},null]}')).toMatchObject({
      error: { message: 'get_properties params must be an array of 1 to 16 objects, but item 1 is null' },
    });
  });
});

describe('decodeRequest: precedence (size, UTF-8/JSON, object, id, method, params)', () => {
  it('size comes first, before UTF-8, JSON and the binary flag: id is always null', () => {
    const big = `{"id":5,"method":"get_model","pad":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}`;
    expectError(big, EnvelopeCode.invalidRequest, null);
    expectError(big, EnvelopeCode.invalidRequest, null, { binary: true });
    const bytes = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0xff);
    expectError(bytes, EnvelopeCode.invalidRequest, null);
  });

  it('accepts exactly 65,536 bytes and refuses 65,537, counting multi-byte UTF-8 in bytes', () => {
    const head = '{"id":9,"method":"get_model","pad":"';
    const tail = '"}';
    const fill = MAX_MESSAGE_BYTES - byteLength(head + tail);
    const exact = `${head}${'€'.repeat(Math.floor(fill / 3))}${'x'.repeat(fill % 3)}${tail}`;
    expect(byteLength(exact)).toBe(MAX_MESSAGE_BYTES);
    expect(exact.length).toBeLessThan(30_000);
    expect(decodeRequest(exact).ok).toBe(true);
    expect(decodeRequest(utf8(exact)).ok).toBe(true);
    const over = exact.replace('"}', 'x"}');
    expect(byteLength(over)).toBe(MAX_MESSAGE_BYTES + 1);
    expectError(over, EnvelopeCode.invalidRequest, null);
    expectError(utf8(over), EnvelopeCode.invalidRequest, null);
  });

  it('invalid UTF-8 wins over everything after it', () => {
    expectError(new Uint8Array([0x5b, 0xff, 0x5d]), EnvelopeCode.parseError, null);
    expectError('{"id":1,"method":"get_model","x":"\ud800"}', EnvelopeCode.parseError, null);
  });

  it('a byte order mark is not part of the JSON text (reading of RFC 8259 section 8.1)', () => {
    expectError(
      new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"id":1,"method":"get_model"}')]),
      EnvelopeCode.parseError,
      null,
    );
  });

  it('a binary frame is -32700 even when its bytes are a valid request', () => {
    expectError(utf8('{"id":1,"method":"get_model"}'), EnvelopeCode.parseError, null, { binary: true });
  });

  it('not an object wins over id; id wins over method; method wins over params', () => {
    expectError('[{"id":1,"method":"get_model"}]', EnvelopeCode.invalidRequest, null);
    expectError('{"method":"nope","params":5}', EnvelopeCode.invalidRequest, null);
    expectError('{"id":0,"method":"nope"}', EnvelopeCode.invalidRequest, null);
    expectError('{"id":12,"params":5}', EnvelopeCode.methodNotFound, 12);
    expectError('{"id":12,"method":"nope","params":5}', EnvelopeCode.methodNotFound, 12);
    expectError('{"id":12,"method":"get_properties"}', EnvelopeCode.invalidParams, 12);
  });

  it('ids that are not integers 1..2^31−1 are not read', () => {
    for (const raw of ['0', '-1', '1.5', '"17"', 'true', 'null', '2147483648', '1e400', '[1]']) {
      expectError(`{"id":${raw},"method":"get_model"}`, EnvelopeCode.invalidRequest, null);
    }
  });

  it('batch limits: 1..16 items; 0 or 17 is -32602', () => {
    const items = (n: number) => JSON.stringify(Array(n).fill({ siid: 1, piid: 1 }));
    expect(decodeRequest(`{"id":2,"method":"get_properties","params":${items(16)}}`).ok).toBe(true);
    expectError(`{"id":2,"method":"get_properties","params":${items(17)}}`, EnvelopeCode.invalidParams, 2);
    expectError('{"id":2,"method":"set_properties","params":[]}', EnvelopeCode.invalidParams, 2);
  });
});
