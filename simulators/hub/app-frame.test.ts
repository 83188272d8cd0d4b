/** Reading app frames (sections 3 and 8): the envelope errors, and params kept as the app wrote them. */
import { describe, expect, it } from 'vitest';
import { readAppFrame } from './app-frame.js';

const read = (text: string, binary = false) => readAppFrame(Buffer.from(text), binary);
const codeOf = (text: string, binary = false) => {
  const result = read(text, binary);
  return result.ok ? 'ok' : [result.id, result.error.code];
};

describe('readAppFrame', () => {
  it.each([
    ['[{"id":1,"method":"devices.list"}]', [null, -32600]],
    ['[]', [null, -32600]],
    ['"text"', [null, -32600]],
    ['{"id":1,', [null, -32700]],
    ['{"method":"devices.list"}', [null, -32600]],
    ['{"id":0,"method":"devices.list"}', [null, -32600]],
    ['{"id":1.5,"method":"devices.list"}', [null, -32600]],
    ['{"id":"1","method":"devices.list"}', [null, -32600]],
    ['{"id":2147483648,"method":"devices.list"}', [null, -32600]],
    ['{"id":3}', [3, -32601]],
    ['{"id":3,"method":7}', [3, -32601]],
    ['{"id":2147483647,"method":"devices.list"}', 'ok'],
  ])('%s → %j', (text, expected) => {
    expect(codeOf(text)).toEqual(expected);
  });

  it('answers a binary frame -32700 and an oversize frame -32600 with id null', () => {
    expect(codeOf('{"id":1,"method":"devices.list"}', true)).toEqual([null, -32700]);
    expect(codeOf(JSON.stringify({ id: 1, method: 'devices.list', params: 'x'.repeat(65_536) }))).toEqual([
      null,
      -32600,
    ]);
    expect(readAppFrame(Buffer.from([0x7b, 0xff, 0x7d]), false)).toMatchObject({
      ok: false,
      error: { code: -32700 },
    });
  });

  it('keeps the params text exactly as sent', () => {
    const result = read('{ "params" : {"items":[1.50, 2e1]} , "id":4, "method":"x"}');
    expect(result).toEqual({
      ok: true,
      request: { id: 4, method: 'x', params: { items: [1.5, 20] }, paramsText: '{"items":[1.50, 2e1]}' },
    });
  });
});
