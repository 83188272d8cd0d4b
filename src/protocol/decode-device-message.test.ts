import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INVALID_DEVICE_MESSAGE_KINDS,
  type InvalidDeviceMessageKind,
  invalidDeviceMessage,
  notification,
  response,
} from '../../test/support/src/protocol/index.js';
import { decodeDeviceMessage } from './decode-device-message.js';
import { encodeNotification, encodeResponse } from './encode.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The reason each invalid kind must be reported with, so a frame is not flagged for the wrong reason. */
const REASONS: Record<InvalidDeviceMessageKind, RegExp> = {
  oversize: /^message is \d+ bytes, over the limit of 65536/,
  'not-utf8': /^message is not valid UTF-8/,
  'not-json': /^message is not valid JSON/,
  'not-object': /^message must be a JSON object/,
  'result-and-error': /EDP-RPC-2/,
  neither: /^message is neither a response/,
  'missing-id': /^response has no id$/,
  'bad-id': /^response id must be an integer/,
  'null-id-result': /^a response with a result must carry the request id/,
  'bad-error': /^error (must be an object|code must be an integer|message must be a string)/,
  'id-on-notification': /a notification has no id/,
  'unknown-notification': /^unknown notification method/,
  'bad-properties-changed': /^properties_changed: /,
  'bad-event': /^event_occurred: /,
  'bad-hello': /^hello: \w+ must be a string/,
};

describe('decodeDeviceMessage: valid messages', () => {
  it('classifies every generated response by its kind, with id and payload intact', () => {
    fc.assert(
      fc.property(response(), fc.boolean(), (res, asBytes) => {
        const text = encodeResponse(res);
        const decoded = decodeDeviceMessage(asBytes ? utf8(text) : text);
        if ('error' in res) expect(decoded).toEqual({ kind: 'error-response', id: res.id, error: res.error });
        else expect(decoded).toEqual({ kind: 'response', id: res.id, result: res.result });
      }),
      { numRuns: 300 },
    );
  });

  it('classifies every generated notification', () => {
    fc.assert(
      fc.property(notification(), (n) => {
        expect(decodeDeviceMessage(encodeNotification(n))).toEqual({ kind: 'notification', notification: n });
      }),
      { numRuns: 300 },
    );
  });

  it('ignores members section 3 does not name, and keeps only code and message of an error', () => {
    expect(decodeDeviceMessage('{"id":3,"result":[],"ts":1}')).toEqual({
      kind: 'response',
      id: 3,
      result: [],
    });
    expect(decodeDeviceMessage('{"id":null,"error":{"code":-32700,"message":"bad","data":1}}')).toEqual({
      kind: 'error-response',
      id: null,
      error: { code: -32700, message: 'bad' },
    });
  });
});

describe('decodeDeviceMessage: invalid frames count as not sent (EDP-RPC-6)', () => {
  it('flags every invalid kind as invalid, with a reason and the raw text', () => {
    for (const kind of INVALID_DEVICE_MESSAGE_KINDS) {
      fc.assert(
        fc.property(invalidDeviceMessage({ kinds: [kind] }), ({ frame }) => {
          const decoded = decodeDeviceMessage(frame);
          expect(decoded.kind, `${kind}: ${String(frame).slice(0, 120)}`).toBe('invalid');
          if (decoded.kind === 'invalid') {
            expect(decoded.reason).toMatch(REASONS[kind]);
            expect(typeof decoded.raw).toBe('string');
          }
        }),
        { numRuns: kind === 'oversize' ? 20 : 100 },
      );
    }
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 100 }),
          fc.string({ unit: 'binary' }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (frame) => {
          const decoded = decodeDeviceMessage(frame);
          expect(['response', 'error-response', 'notification', 'invalid']).toContain(decoded.kind);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('names EDP-RPC-2 when a response has both result and error', () => {
    expect(decodeDeviceMessage('{"id":1,"result":{},"error":{"code":-32600,"message":"x"}}')).toMatchObject({
      kind: 'invalid',
      reason: 'response has both result and error (EDP-RPC-2)',
      parsed: { id: 1 },
    });
  });

  it('reports an id of the wrong type, showing it', () => {
    expect(decodeDeviceMessage('{"id":"17","result":[]}')).toMatchObject({
      kind: 'invalid',
      reason: 'response id must be an integer from 1 to 2147483647 or null, got "17" (a string)',
    });
  });

  it('gives precise reasons for each shape problem', () => {
    const reason = (text: string) => {
      const d = decodeDeviceMessage(text);
      return d.kind === 'invalid' ? d.reason : `not invalid: ${d.kind}`;
    };
    expect(reason('{"id":1}')).toBe(
      'message is neither a response (result or error) nor a notification (method)',
    );
    expect(reason('{"result":1}')).toBe('response has no id');
    expect(reason('{"id":null,"result":1}')).toBe(
      'a response with a result must carry the request id, got null',
    );
    expect(reason('{"id":1,"error":{"code":"-1","message":"m"}}')).toBe(
      'error code must be an integer, got "-1"',
    );
    expect(reason('{"id":1,"error":{"code":-1}}')).toBe('error message must be a string, got nothing');
    expect(reason('{"method":"ping","params":{}}')).toBe(
      'unknown notification method "ping"; expected properties_changed, event_occurred or hello',
    );
    expect(reason('{"id":4,"method":"hello","params":{}}')).toBe(
      'message has a method and an id: a notification has no id, and devices send no requests',
    );
    expect(reason('{"method":"properties_changed","params":[{"siid":2,"piid":1,"value":null}]}')).toBe(
      'properties_changed: item 0: value must be true, false, a number or a string, got null',
    );
    expect(reason('{"method":"properties_changed","params":[]}')).toBe(
      'properties_changed: params must be an array of 1 to 16 items { siid, piid, value }, got 0 items',
    );
    expect(reason('{"method":"event_occurred","params":{"siid":2,"eiid":0,"arguments":[]}}')).toBe(
      'event_occurred: eiid must be an integer from 1 to 65535, got 0',
    );
    expect(reason('{"method":"hello","params":{"deviceId":"tv-0001","model":"m"}}')).toBe(
      'hello: fw must be a string, got nothing',
    );
    expect(reason('[]')).toBe('message must be a JSON object, got an array');
    expect(reason('{"id":1,"result":NaN}')).toBe('message is not valid JSON (EDP-RPC-6)');
  });

  it('counts size in UTF-8 bytes: 65,536 is a message, 65,537 is not', () => {
    const head = '{"id":1,"result":"';
    const fill = 65_536 - head.length - 2;
    const exact = `${head}${'é'.repeat(fill / 2)}"}`;
    expect(decodeDeviceMessage(exact).kind).toBe('response');
    expect(decodeDeviceMessage(exact.replace('"}', 'x"}'))).toMatchObject({
      kind: 'invalid',
      reason: 'message is 65537 bytes, over the limit of 65536 (EDP-RPC-6)',
    });
  });

  it('refuses invalid UTF-8 and binary frames, keeping a readable raw text', () => {
    const d = decodeDeviceMessage(new Uint8Array([0x7b, 0xff, 0x7d]));
    expect(d).toEqual({ kind: 'invalid', reason: 'message is not valid UTF-8 (EDP-RPC-6)', raw: '{\ufffd}' });
    expect(decodeDeviceMessage('{"id":1,"result":1}', { binary: true }).kind).toBe('invalid');
  });
});
