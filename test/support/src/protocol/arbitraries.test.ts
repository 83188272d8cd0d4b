import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../../../src/protocol/codes.js';
import { malformedFrame, notification, request, response } from './index.js';

describe('testing arbitraries honour their constraints', () => {
  it('malformedFrame form "bytes" gives only Uint8Array frames; "string" only text', () => {
    fc.assert(
      fc.property(malformedFrame({ form: 'bytes', kinds: ['not-utf8', 'not-json', 'bad-id'] }), (bad) => {
        expect(bad.frame).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(malformedFrame({ form: 'string', kinds: ['not-utf8', 'bad-params'] }), (bad) => {
        expect(typeof bad.frame).toBe('string');
      }),
      { numRuns: 100 },
    );
  });

  it('malformedFrame keeps to the kinds asked for, and oversize frames are just over the limit', () => {
    fc.assert(
      fc.property(malformedFrame({ kinds: ['oversize'], form: 'bytes' }), (bad) => {
        expect(bad.kind).toBe('oversize');
        const size = (bad.frame as Uint8Array).length;
        expect(size).toBeGreaterThan(MAX_MESSAGE_BYTES);
        expect(size).toBeLessThanOrEqual(MAX_MESSAGE_BYTES + 204);
      }),
      { numRuns: 20 },
    );
  });

  it('request, notification and response respect methods, kinds and maxItems', () => {
    fc.assert(
      fc.property(request({ methods: ['get_properties'], maxItems: 3, wildItems: false }), (req) => {
        expect(req.method).toBe('get_properties');
        if (req.method === 'get_properties') {
          expect(req.params.length).toBeLessThanOrEqual(3);
          for (const item of req.params) expect(Number.isInteger(item.siid)).toBe(true);
        }
      }),
    );
    fc.assert(
      fc.property(notification({ methods: ['hello'] }), (n) => {
        expect(n.method).toBe('hello');
      }),
    );
    fc.assert(
      fc.property(response({ kinds: ['error'] }), (r) => {
        expect('error' in r).toBe(true);
      }),
    );
  });

  it('refuses empty or out-of-range constraints with a clear error', () => {
    expect(() => request({ methods: [] })).toThrow(/methods must not be empty/);
    expect(() => request({ maxItems: 17 })).toThrow(/maxItems must be 1..16/);
    expect(() => notification({ maxItems: 0 })).toThrow(/maxItems/);
    expect(() => malformedFrame({ kinds: [] })).toThrow(/kinds must not be empty/);
    expect(() => response({ kinds: [] })).toThrow(/kinds must not be empty/);
  });
});
