/**
 * fast-check arbitrary of malformed frames and the envelope error each must get (section 3,
 * EDP-RPC-4): not JSON or not UTF-8 (-32700, id null), a WebSocket binary frame (-32700),
 * not an object or no valid id (-32600, id null), over 65,536 bytes (-32600, id always null),
 * an unknown or missing method (-32601 with the id), invalid params (-32602 with the id).
 * Frames that carry an id get a fresh one at run time, so they never hit the duplicate window.
 */
import fc from 'fast-check';
import { EnvelopeCode, MAX_BATCH_ITEMS, MAX_MESSAGE_BYTES } from '../../src/protocol/index.js';
import type { Binding } from '../../src/result/index.js';

export interface MalformedFrame {
  /** How the frame reads in a counterexample. */
  readonly text: string;
  /** The frame to send; `id` is a fresh request id (used only when `carriesId`). */
  readonly render: (id: number) => { readonly frame: string | Uint8Array; readonly binary?: boolean };
  /** Whether the frame carries a valid id, which the error response must echo. */
  readonly carriesId: boolean;
  readonly code: number;
}

export interface MalformedFrameConstraints {
  /** Which frames the binding can carry: no invalid UTF-8 text over WebSocket, binary frames only there. Default `mqtt`. */
  readonly binding?: Binding;
}

const GET = { method: 'get_properties', params: [{ siid: 1, piid: 1 }] };

const fixed = (text: string, frame: string | Uint8Array, code: number, binary = false): MalformedFrame => ({
  text,
  render: () => (binary ? { frame, binary } : { frame }),
  carriesId: false,
  code,
});

const withId = (text: string, build: (id: number) => unknown, code: number): MalformedFrame => ({
  text,
  render: (id) => ({ frame: JSON.stringify(build(id)) }),
  carriesId: true,
  code,
});

/** The kinds of malformed input of section 3, one envelope error each (some share a code). */
export const MALFORMED_CATEGORIES = [
  'not-json',
  'encoding',
  'not-object',
  'bad-id',
  'oversize',
  'bad-method',
  'bad-batch-params',
  'bad-action-params',
] as const;
export type MalformedCategory = (typeof MALFORMED_CATEGORIES)[number];

export function malformedFrame(constraints: MalformedFrameConstraints = {}): fc.Arbitrary<MalformedFrame> {
  return fc.oneof(...MALFORMED_CATEGORIES.map((category) => malformedFrameOf(category, constraints)));
}

/** Malformed frames of one category only. */
export function malformedFrameOf(
  category: MalformedCategory,
  constraints: MalformedFrameConstraints = {},
): fc.Arbitrary<MalformedFrame> {
  return fc.constantFrom(...malformedFramesOf(category, constraints));
}

/**
 * Every frame of a category, as a list: certification sends each of them at least once,
 * whatever the seed (the 17-item batch included), and random exploration draws from them.
 */
export function malformedFramesOf(
  category: MalformedCategory,
  constraints: MalformedFrameConstraints = {},
): readonly MalformedFrame[] {
  const binding = constraints.binding ?? 'mqtt';
  switch (category) {
    case 'not-json':
      return [
        '{',
        '{"id": 1, "method": ',
        'hello',
        "{'id': 1}",
        '[1, 2',
        '{"id": 1,}',
        '{"id": NaN}',
        'Infinity',
        '',
      ].map((t) => fixed(`not JSON: ${JSON.stringify(t)}`, t, EnvelopeCode.parseError));
    case 'encoding':
      return binding === 'ws'
        ? [
            fixed(
              'a binary frame',
              new TextEncoder().encode(JSON.stringify({ id: 1, ...GET })),
              EnvelopeCode.parseError,
              true,
            ),
          ]
        : [
            fixed(
              'not UTF-8: {"id":\\xff}',
              Uint8Array.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0xff, 0x7d]),
              EnvelopeCode.parseError,
            ),
          ];
    case 'not-object':
      return ['[]', '42', '"get_properties"', 'null', 'true', JSON.stringify([{ id: 1, ...GET }])].map((t) =>
        fixed(`not an object: ${t}`, t, EnvelopeCode.invalidRequest),
      );
    case 'bad-id':
      return [undefined, '17', 0, -1, 1.5, 2_147_483_648, null, true, {}].map((id) =>
        fixed(
          id === undefined ? 'no id' : `id ${JSON.stringify(id)}`,
          JSON.stringify(id === undefined ? GET : { id, ...GET }),
          EnvelopeCode.invalidRequest,
        ),
      );
    case 'oversize':
      return [
        {
          text: `over ${MAX_MESSAGE_BYTES} bytes`,
          render: (id) => ({ frame: JSON.stringify({ id, ...GET, pad: 'x'.repeat(MAX_MESSAGE_BYTES) }) }),
          carriesId: false,
          code: EnvelopeCode.invalidRequest,
        },
      ];
    case 'bad-method':
      return [undefined, 'get_property', 'GET_PROPERTIES', '', 5, 'properties_changed'].map((method) =>
        withId(
          method === undefined ? 'no method' : `method ${JSON.stringify(method)}`,
          (id) => (method === undefined ? { id, params: GET.params } : { id, method, params: GET.params }),
          EnvelopeCode.methodNotFound,
        ),
      );
    case 'bad-batch-params': {
      const tooMany = Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({ siid: 1, piid: 1 }));
      const shapes: Array<[string, unknown]> = [
        ['missing', undefined],
        ['an object', { siid: 1, piid: 1 }],
        ['a string', 'x'],
        ['a number', 5],
        ['empty', []],
        [`${MAX_BATCH_ITEMS + 1} items`, tooMany],
        ['an item that is a number', [1]],
        ['an item that is null', [null]],
        ['an item that is an array', [[1, 1]]],
      ];
      return ['get_properties', 'set_properties'].flatMap((method) =>
        shapes.map(([why, params]) =>
          withId(
            `${method} with params ${why}`,
            (id) => (params === undefined ? { id, method } : { id, method, params }),
            EnvelopeCode.invalidParams,
          ),
        ),
      );
    }
    case 'bad-action-params':
      return (
        [
          ['missing', undefined],
          ['an array', [{ siid: 1, aiid: 1 }]],
          ['a string', 'x'],
          ['a number', 5],
          ['null', null],
        ] as Array<[string, unknown]>
      ).map(([why, params]) =>
        withId(
          `action with params ${why}`,
          (id) => (params === undefined ? { id, method: 'action' } : { id, method: 'action', params }),
          EnvelopeCode.invalidParams,
        ),
      );
  }
}
