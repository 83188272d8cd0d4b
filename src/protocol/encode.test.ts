import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { notification, request, response } from '../../test/support/src/protocol/index.js';
import { MAX_MESSAGE_BYTES } from './codes.js';
import {
  byteLength,
  encodeMessage,
  encodeNotification,
  encodeRequest,
  encodeResponse,
  envelopeErrorResponse,
  errorResponse,
  fitsMessageLimit,
} from './encode.js';

describe('byteLength', () => {
  it('equals the UTF-8 encoding length for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
            fc.constantFrom('\ud800', '\udc00'),
          ),
        }),
        (text) => {
          expect(byteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
          expect(byteLength(text)).toBe(new TextEncoder().encode(text).length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts 1, 2, 3 and 4 bytes per code point', () => {
    expect([byteLength('a'), byteLength('é'), byteLength('€'), byteLength('😀')]).toEqual([1, 2, 3, 4]);
  });

  it('fitsMessageLimit draws the line at 65,536 bytes', () => {
    expect(fitsMessageLimit('é'.repeat(MAX_MESSAGE_BYTES / 2))).toBe(true);
    expect(fitsMessageLimit(`${'é'.repeat(MAX_MESSAGE_BYTES / 2)}x`)).toBe(false);
  });
});

describe('encoders', () => {
  it('write one JSON text each, with only the members of section 3', () => {
    expect(encodeRequest({ id: 17, method: 'get_properties', params: [{ siid: 2, piid: 1 }] })).toBe(
      '{"id":17,"method":"get_properties","params":[{"siid":2,"piid":1}]}',
    );
    expect(encodeRequest({ id: 1, method: 'get_model' })).toBe('{"id":1,"method":"get_model"}');
    expect(encodeResponse({ id: 17, result: [{ siid: 2, piid: 1, code: 0, value: 50 }] })).toBe(
      '{"id":17,"result":[{"siid":2,"piid":1,"code":0,"value":50}]}',
    );
    expect(encodeResponse(errorResponse(null, -32700, 'message is not valid JSON'))).toBe(
      '{"id":null,"error":{"code":-32700,"message":"message is not valid JSON"}}',
    );
    expect(
      encodeNotification({ method: 'properties_changed', params: [{ siid: 2, piid: 1, value: true }] }),
    ).toBe('{"method":"properties_changed","params":[{"siid":2,"piid":1,"value":true}]}');
  });

  it('writes integer values without fraction or exponent (section 2)', () => {
    expect(encodeResponse({ id: 1, result: { code: 0, out: [{ piid: 1, value: 50.0 }] } })).toBe(
      '{"id":1,"result":{"code":0,"out":[{"piid":1,"value":50}]}}',
    );
  });

  it('turns an envelope error into its response', () => {
    expect(envelopeErrorResponse({ kind: 'envelope-error', id: 4, code: -32601, message: 'm' })).toEqual({
      id: 4,
      error: { code: -32601, message: 'm' },
    });
  });

  it('encodeMessage picks the right encoder for any message', () => {
    fc.assert(
      fc.property(fc.oneof(request(), response(), notification()), (message) => {
        const expected =
          'result' in message || 'error' in message
            ? encodeResponse(message)
            : 'id' in message
              ? encodeRequest(message)
              : encodeNotification(message);
        expect(encodeMessage(message)).toBe(expected);
        expect(() => JSON.parse(encodeMessage(message))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
