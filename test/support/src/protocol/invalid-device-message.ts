import fc from 'fast-check';
import { MAX_BATCH_ITEMS, MAX_MESSAGE_BYTES } from '../../../../src/protocol/codes.js';
import { encodeResponse } from '../../../../src/protocol/encode.js';
import { jsonMember, jsonText, objectText, utf8 } from './json-text.js';
import { notification } from './notification.js';
import { requestId } from './request-id.js';
import { response } from './response.js';
import { iid } from './wire-value.js';

/** How a frame from a device breaks section 3 (EDP-RPC-2, EDP-RPC-6). */
export type InvalidDeviceMessageKind =
  | 'oversize'
  | 'not-utf8'
  | 'not-json'
  | 'not-object'
  | 'result-and-error'
  | 'neither'
  | 'missing-id'
  | 'bad-id'
  | 'null-id-result'
  | 'bad-error'
  | 'id-on-notification'
  | 'unknown-notification'
  | 'bad-properties-changed'
  | 'bad-event'
  | 'bad-hello';

export interface InvalidDeviceMessage {
  readonly kind: InvalidDeviceMessageKind;
  readonly frame: Uint8Array | string;
}

export interface InvalidDeviceMessageConstraints {
  /** Kinds to draw from. Default: all. */
  readonly kinds?: readonly InvalidDeviceMessageKind[];
}

export const INVALID_DEVICE_MESSAGE_KINDS: readonly InvalidDeviceMessageKind[] = [
  'oversize',
  'not-utf8',
  'not-json',
  'not-object',
  'result-and-error',
  'neither',
  'missing-id',
  'bad-id',
  'null-id-result',
  'bad-error',
  'id-on-notification',
  'unknown-notification',
  'bad-properties-changed',
  'bad-event',
  'bad-hello',
];

/** A frame a device might send that is not a message of section 3: a controller counts it as not sent. */
export function invalidDeviceMessage(
  constraints: InvalidDeviceMessageConstraints = {},
): fc.Arbitrary<InvalidDeviceMessage> {
  const kinds = constraints.kinds ?? INVALID_DEVICE_MESSAGE_KINDS;
  if (kinds.length === 0) throw new RangeError('invalidDeviceMessage: constraints.kinds must not be empty');
  return fc.constantFrom(...kinds).chain((kind) => frameOf(kind).map((frame) => ({ kind, frame })));
}

const notAValue = fc.constantFrom('null', '[]', '{}', '[true]');
const badIid = fc.constantFrom('0', '-1', '1.5', '"1"', 'null', '65536', 'true');
const notAString = fc.constantFrom('1', 'null', 'true', '[]', '{}');

function frameOf(kind: InvalidDeviceMessageKind): fc.Arbitrary<Uint8Array | string> {
  const validResponse = response().map(encodeResponse);
  switch (kind) {
    case 'oversize':
      return validResponse.map(
        (text) => `${text.slice(0, -1)},"pad":"${'€'.repeat(MAX_MESSAGE_BYTES / 3)}"}`,
      );
    case 'not-utf8':
      return validResponse.map(
        (text) => new Uint8Array([...utf8(text).subarray(0, 1), 0xff, ...utf8(text).subarray(1)]),
      );
    case 'not-json':
      return validResponse.map((text) => `${text.slice(0, -1)},}`);
    case 'not-object':
      return fc
        .oneof(fc.array(response(), { maxLength: 2 }), fc.string(), fc.integer(), fc.constant(null))
        .map(jsonText);
    case 'result-and-error':
      return fc
        .tuple(requestId(), jsonMember())
        .map(([id, result]) => jsonText({ id, result, error: { code: -32600, message: 'x' } }));
    case 'neither':
      return fc.tuple(requestId(), fc.constantFrom('results', 'errors', 'Result', 'ok')).map(([id, key]) =>
        objectText([
          ['id', String(id)],
          [key, '1'],
        ]),
      );
    case 'missing-id':
      return validResponse.map((text) => jsonText({ ...JSON.parse(text), id: undefined }));
    case 'bad-id':
      return fc
        .tuple(fc.constantFrom('"17"', '0', '-1', '1.5', 'true', '[]', '2147483648'), fc.boolean())
        .map(([id, ok]) =>
          objectText([['id', id], ok ? ['result', '[]'] : ['error', '{"code":-32600,"message":"x"}']]),
        );
    case 'null-id-result':
      return jsonMember().map((result) => jsonText({ id: null, result }));
    case 'bad-error':
      return fc
        .tuple(
          requestId(),
          fc.constantFrom(
            'null',
            '"oops"',
            '[]',
            '{"message":"x"}',
            '{"code":"-32600","message":"x"}',
            '{"code":1.5,"message":"x"}',
            '{"code":-32600}',
            '{"code":-32600,"message":5}',
          ),
        )
        .map(([id, error]) =>
          objectText([
            ['id', String(id)],
            ['error', error],
          ]),
        );
    case 'id-on-notification':
      return fc.tuple(notification(), requestId()).map(([n, id]) => jsonText({ id, ...n }));
    case 'unknown-notification':
      return fc
        .tuple(fc.constantFrom('propertiesChanged', 'event', 'HELLO', '', 'get_properties'), notification())
        .map(([method, n]) => jsonText({ method, params: n.params }));
    case 'bad-properties-changed':
      return badPropertiesChanged();
    case 'bad-event':
      return fc
        .tuple(badIid, iid(), notAValue, fc.nat(3))
        .map(
          ([bad, good, value, which]) =>
            [
              `{"method":"event_occurred","params":{"siid":${bad},"eiid":${good},"arguments":[]}}`,
              `{"method":"event_occurred","params":{"siid":${good},"eiid":${bad},"arguments":[]}}`,
              `{"method":"event_occurred","params":{"siid":${good},"eiid":${good},"arguments":${value === '[]' ? '{}' : value}}}`,
              `{"method":"event_occurred","params":{"siid":${good},"eiid":${good},"arguments":[{"piid":${good},"value":${value}}]}}`,
            ][which] as string,
        );
    case 'bad-hello':
      return fc.tuple(fc.constantFrom('deviceId', 'model', 'fw'), notAString).map(([name, bad]) => {
        const params: Record<string, string> = { deviceId: '"bulb-0001"', model: '"m"', fw: '"1.0"' };
        params[name] = bad;
        return `{"method":"hello","params":${objectText(Object.entries(params))}}`;
      });
  }
}

function badPropertiesChanged(): fc.Arbitrary<string> {
  const good = '{"siid":2,"piid":1,"value":true}';
  return fc.oneof(
    fc
      .constantFrom('[]', 'null', '{}', '"x"')
      .map((params) => `{"method":"properties_changed","params":${params}}`),
    fc.constant(`{"method":"properties_changed"}`),
    fc
      .integer({ min: MAX_BATCH_ITEMS + 1, max: 30 })
      .map((n) => `{"method":"properties_changed","params":[${Array(n).fill(good).join(',')}]}`),
    fc
      .tuple(fc.integer({ min: 1, max: MAX_BATCH_ITEMS }), fc.nat(), badIid, notAValue, fc.boolean())
      .map(([n, at, id, value, badValue]) => {
        const items = Array<string>(n).fill(good);
        items[at % n] = badValue
          ? `{"siid":2,"piid":1,"value":${value}}`
          : `{"siid":${id},"piid":1,"value":1}`;
        return `{"method":"properties_changed","params":[${items.join(',')}]}`;
      }),
  );
}
