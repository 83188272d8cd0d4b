/** Malformed frames that are JSON but not a valid request: object, id, method, params (see malformed-frame.ts). */
import fc from 'fast-check';
import { EnvelopeCode, MAX_BATCH_ITEMS, MAX_REQUEST_ID } from '../../../../src/protocol/codes.js';
import { jsonMember, jsonText, objectText } from './json-text.js';
import type { Draft } from './malformed-frame.js';
import { request } from './request.js';
import { requestId } from './request-id.js';

export function notObject(): fc.Arbitrary<Draft> {
  const value: fc.Arbitrary<unknown> = fc.oneof(
    fc.array(request(), { minLength: 0, maxLength: 3 }),
    fc.string({ maxLength: 20 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(true, false, null),
    fc.array(jsonMember(), { maxLength: 3 }),
  );
  return value.map((v) => ({
    text: jsonText(v),
    code: EnvelopeCode.invalidRequest,
    id: null,
    description: `a JSON ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v}, not an object`,
  }));
}

/** Raw JSON texts of ids that are not valid: wrong type, not whole, out of 1..2^31−1. */
const BAD_ID_TEXTS = [
  '0',
  '-1',
  '1.5',
  '"17"',
  'true',
  'false',
  'null',
  '[]',
  '{}',
  '[17]',
  '1e400',
  '-0',
  '1e-7',
  '17.000001',
];

export function badId(): fc.Arbitrary<Draft> {
  const rawId = fc.oneof(
    fc.constantFrom(...BAD_ID_TEXTS, String(MAX_REQUEST_ID + 1), String(2 ** 32), String(-(2 ** 31))),
    fc.integer({ min: -(2 ** 40), max: 0 }).map(String),
    fc.integer({ min: MAX_REQUEST_ID + 1, max: 2 ** 52 }).map(String),
    fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((v) => !Number.isInteger(v))
      .map(String),
    fc.string({ maxLength: 10 }).map((s) => JSON.stringify(s)),
    fc.constant(undefined),
  );
  return fc.tuple(rawId, anyMethodText(), anyParamsText()).map(([id, method, params]) => {
    const members: [string, string][] = [];
    if (id !== undefined) members.push(['id', id]);
    if (method !== undefined) members.push(['method', method]);
    if (params !== undefined) members.push(['params', params]);
    return {
      text: objectText(members),
      code: EnvelopeCode.invalidRequest,
      id: null,
      description: id === undefined ? 'no id' : `id ${id}`,
    };
  });
}

const BAD_METHODS = [
  '',
  'GET_PROPERTIES',
  'get_property',
  ' get_model',
  'get_model ',
  'toString',
  'constructor',
  '__proto__',
  'hello',
  'properties_changed',
];

export function badMethod(): fc.Arbitrary<Draft> {
  const rawMethod = fc.oneof(
    fc.constantFrom(...BAD_METHODS).map((m) => JSON.stringify(m)),
    fc.constantFrom('null', '5', 'true', '[]', '{}', '["get_model"]'),
    fc
      .string({ maxLength: 12 })
      .filter((m) => !['get_properties', 'set_properties', 'action', 'get_model'].includes(m))
      .map((m) => JSON.stringify(m)),
    fc.constant(undefined),
  );
  return fc.tuple(requestId(), rawMethod, anyParamsText()).map(([id, method, params]) => {
    const members: [string, string][] = [['id', String(id)]];
    if (method !== undefined) members.push(['method', method]);
    if (params !== undefined) members.push(['params', params]);
    return {
      text: objectText(members),
      code: EnvelopeCode.methodNotFound,
      id,
      description: method === undefined ? 'no method' : `method ${method}`,
    };
  });
}

export function badParams(): fc.Arbitrary<Draft> {
  const notAnObject = fc.constantFrom('null', '[]', '[{}]', '5', '"x"', 'true');
  const item = '{"siid":1,"piid":1}';
  const batch = fc.oneof(
    fc.constantFrom('null', '{}', '{"siid":1,"piid":1}', '5', '"x"', 'true', '[]', undefined),
    fc.integer({ min: MAX_BATCH_ITEMS + 1, max: 40 }).map((n) => `[${Array(n).fill(item).join(',')}]`),
    fc
      .tuple(
        fc.integer({ min: 1, max: MAX_BATCH_ITEMS }),
        fc.nat(),
        fc.constantFrom('null', '[]', '3', '"x"', 'true', '[1,2]'),
      )
      .map(([n, at, bad]) => {
        const items = Array<string>(n).fill(item);
        items[at % n] = bad;
        return `[${items.join(',')}]`;
      }),
  );
  const arbitrary = fc.oneof(
    fc.tuple(requestId(), fc.constantFrom('get_properties', 'set_properties'), batch),
    fc.tuple(requestId(), fc.constant('action'), fc.oneof(notAnObject, fc.constant(undefined))),
  );
  return arbitrary.map(([id, method, params]) => {
    const members: [string, string][] = [
      ['method', JSON.stringify(method)],
      ['id', String(id)],
    ];
    if (params !== undefined) members.push(['params', params]);
    return {
      text: objectText(members),
      code: EnvelopeCode.invalidParams,
      id,
      description: `${method} with params ${params === undefined ? 'missing' : params.slice(0, 40)}`,
    };
  });
}

function anyMethodText(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constantFrom('"get_properties"', '"set_properties"', '"action"', '"get_model"', '"nope"', '5'),
    fc.constant(undefined),
  );
}

function anyParamsText(): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    fc.constantFrom('[]', '{}', 'null', '[{"siid":1,"piid":1}]', '{"siid":2,"aiid":1}'),
    fc.constant(undefined),
  );
}
