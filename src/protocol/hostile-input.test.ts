/** Every decoder of the message layer against hostile JSON in every slot of a request (issue: 40 KB, 20,000 deep). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOSTILE_SLOTS,
  hostileJson,
  nestedText,
  placeInRequest,
} from '../../test/support/src/protocol/index.js';
import { MAX_MESSAGE_DEPTH } from '../bounded-json.js';
import { parsePresence, presenceProblem } from '../transport/mqtt/presence.js';
import { EnvelopeCode } from './codes.js';
import { decodeDeviceMessage } from './decode-device-message.js';
import { decodeRequest } from './decode-request.js';

describe('decoders never throw on hostile JSON', () => {
  it('decodeRequest, decodeDeviceMessage and the presence reader survive anything in any slot', () => {
    fc.assert(
      fc.property(hostileJson(), fc.constantFrom(...HOSTILE_SLOTS), fc.boolean(), (hostile, slot, bytes) => {
        const text = placeInRequest(slot, hostile.text);
        const frame = bytes ? new TextEncoder().encode(text) : text;
        const request = decodeRequest(frame);
        const message = decodeDeviceMessage(frame);
        expect(() => presenceProblem(frame)).not.toThrow();
        // Whatever a decoder lets through can be walked recursively by what comes after it.
        expect(() => JSON.stringify(request)).not.toThrow();
        expect(() => JSON.stringify(message)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});

describe('a request nested deeper than 32 levels', () => {
  it('gets -32600 with its id when the id can be read, wherever the nesting is', () => {
    for (const slot of ['value', 'siid', 'params', 'in'] as const) {
      const decoded = decodeRequest(placeInRequest(slot, nestedText(20_000, '1'), 41));
      expect(decoded).toMatchObject({
        ok: false,
        error: { kind: 'envelope-error', id: 41, code: EnvelopeCode.invalidRequest },
      });
      if (!decoded.ok) expect(decoded.error.message).toContain(`deeper than ${MAX_MESSAGE_DEPTH} levels`);
    }
  });

  it('gets -32600 with id null when the whole frame is the nesting', () => {
    expect(decodeRequest(nestedText(20_000, '1'))).toMatchObject({
      ok: false,
      error: { id: null, code: EnvelopeCode.invalidRequest },
    });
  });

  it('is let through at exactly the limit (a value of depth 29 in a request of depth 32)', () => {
    // {…, params: [ { value: X } ] }: the request object, params and the item are 3 levels.
    const ok = decodeRequest(placeInRequest('value', nestedText(MAX_MESSAGE_DEPTH - 3, '1')));
    expect(ok.ok).toBe(true);
    const over = decodeRequest(placeInRequest('value', nestedText(MAX_MESSAGE_DEPTH - 2, '1')));
    expect(over.ok).toBe(false);
  });
});

describe('a device message nested too deep', () => {
  it('is invalid (counts as not sent, EDP-RPC-6) and carries its raw text, not the parsed value', () => {
    const text = `{"id":3,"result":${nestedText(20_000, '0')}}`;
    const message = decodeDeviceMessage(text);
    expect(message).toMatchObject({ kind: 'invalid', raw: text });
    expect(message).not.toHaveProperty('parsed');
    if (message.kind === 'invalid') expect(message.reason).toContain('EDP-RPC-6');
  });

  it('a presence payload nested too deep is no presence', () => {
    expect(parsePresence(`{"online":true,"model":"m","fw":${nestedText(5_000, '"1"')}}`)).toBeUndefined();
  });
});
