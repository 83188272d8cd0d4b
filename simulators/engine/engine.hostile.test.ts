/**
 * EDP-RPC-4 against hostile nesting: a set_properties whose value (or an echoed siid) is an array
 * 20,000 deep overflowed the stack in the value checks or in encoding the reply and killed the
 * device. Now it gets -32600 with its id, and the next request is answered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testDevice } from '../../test/support/simulators/engine/harness.js';
import {
  HOSTILE_SLOTS,
  hostileJson,
  nestedText,
  placeInRequest,
} from '../../test/support/src/protocol/index.js';
import { encodeReply } from './encode-reply.js';

describe('EDP-RPC-4: a device survives hostile requests', () => {
  for (const slot of ['value', 'siid', 'in'] as const) {
    it(`a ${slot} nested 20,000 deep gets -32600 with the id, and the device stays responsive`, () => {
      const device = testDevice(slot === 'in' ? 'purifier' : 'bulb');
      const { reply } = device.send(placeInRequest(slot, nestedText(20_000, '1'), 99));
      expect(reply).toEqual({
        id: 99,
        error: { code: -32600, message: expect.stringContaining('deeper than') },
      });
      expect(device.call('get_properties', [{ siid: 2, piid: 1 }]).reply.result[0].code).toBe(0);
    });
  }

  it('answers anything hostile in any slot and then a valid request (property)', () => {
    fc.assert(
      fc.property(hostileJson(), fc.constantFrom(...HOSTILE_SLOTS), (hostile, slot) => {
        // A fresh device each run: the duplicate window (EDP-RPC-5) would answer a reused id.
        const device = testDevice('tv');
        const out = device.engine.handleFrame(placeInRequest(slot, hostile.text, 5));
        if (out.reply !== undefined) expect(() => encodeReply(out.reply as never)).not.toThrow();
        expect(device.call('get_model').reply.result).toEqual(device.engine.model);
      }),
      { numRuns: 100 },
    );
  });
});

describe('encodeReply', () => {
  it('answers the id even for a reply that cannot be encoded (defence in depth)', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 20_000; level += 1) deep = [deep];
    const text = encodeReply({ id: 12, result: [{ siid: deep, piid: 1, code: -4003 }] } as never);
    expect(JSON.parse(text)).toMatchObject({ id: 12, error: { code: -32600 } });
  });
});
