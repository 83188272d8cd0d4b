/** Frames survive a trace file byte for byte: text as text, bytes (binary frames, bytes that are not UTF-8) as base64. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameOf, traceFrame } from './build-trace.js';

describe('traceFrame / frameOf', () => {
  it('keeps text frames as readable text', () => {
    expect(traceFrame('{"id":1,"method":""}')).toEqual({ text: '{"id":1,"method":""}' });
  });

  it('round-trips any frame through JSON, exactly', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ maxLength: 64 })), (frame) => {
        const back = frameOf(JSON.parse(JSON.stringify(traceFrame(frame))));
        expect(back).toEqual(frame);
        expect(typeof back).toBe(typeof frame);
      }),
    );
  });

  it('writes bytes that are not UTF-8 as base64', () => {
    const bytes = Uint8Array.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0xff, 0x7d]);
    expect(traceFrame(bytes)).toEqual({ base64: 'eyJpZCI6/30=' });
  });
});
