import fc from 'fast-check';
import { EnvelopeCode } from '../../../../src/protocol/codes.js';
import { encodeRequest } from '../../../../src/protocol/encode.js';
import type { RequestId } from '../../../../src/protocol/types.js';
import { utf8 } from './json-text.js';
import { badId, badMethod, badParams, notObject } from './malformed-request.js';
import { notJson, notUtf8Bytes, notUtf8String, oversize } from './malformed-text.js';
import { request } from './request.js';

/** What is wrong with a frame; each kind maps to one envelope code and one id rule (section 3). */
export type MalformedKind =
  | 'oversize'
  | 'binary'
  | 'not-utf8'
  | 'not-json'
  | 'not-object'
  | 'bad-id'
  | 'bad-method'
  | 'bad-params';

export const MALFORMED_KINDS: readonly MalformedKind[] = [
  'oversize',
  'binary',
  'not-utf8',
  'not-json',
  'not-object',
  'bad-id',
  'bad-method',
  'bad-params',
];

export interface MalformedFrame {
  readonly kind: MalformedKind;
  /** The frame as sent: text, or bytes (the only form over MQTT). */
  readonly frame: Uint8Array | string;
  /** Send it as a WebSocket binary frame (only the `binary` kind). */
  readonly binary: boolean;
  /** The envelope error the device must answer with (EDP-RPC-4). */
  readonly expected: { readonly code: number; readonly id: RequestId | null };
  /** What is wrong, in words, for counterexamples. */
  readonly description: string;
}

export interface MalformedFrameConstraints {
  /** Kinds to draw from. Default: all (leave out `binary` where frames carry no text/binary flag, as over MQTT). */
  readonly kinds?: readonly MalformedKind[];
  /** `bytes` gives Uint8Array frames only, `string` text only, `either` both. Default `either`. */
  readonly form?: 'bytes' | 'string' | 'either';
}

export interface Draft {
  readonly text: string | Uint8Array;
  readonly code: number;
  readonly id: RequestId | null;
  readonly description: string;
}

/**
 * A frame a device must refuse with an envelope error. Frames often break several rules at
 * once (a bad id and a bad method, oversize and not JSON) so that precedence is exercised too:
 * `expected` is always the error of the first rule broken, in the order of `decodeRequest`.
 */
export function malformedFrame(constraints: MalformedFrameConstraints = {}): fc.Arbitrary<MalformedFrame> {
  const kinds = constraints.kinds ?? MALFORMED_KINDS;
  const form = constraints.form ?? 'either';
  if (kinds.length === 0) throw new RangeError('malformedFrame: constraints.kinds must not be empty');
  const asBytes = form === 'either' ? fc.boolean() : fc.constant(form === 'bytes');
  return fc.tuple(fc.constantFrom(...kinds), asBytes).chain(([kind, bytes]) =>
    draft(kind, bytes).map((d): MalformedFrame => {
      const frame = bytes && typeof d.text === 'string' ? utf8(d.text) : d.text;
      return {
        kind,
        frame,
        binary: kind === 'binary',
        expected: { code: d.code, id: d.id },
        description: d.description,
      };
    }),
  );
}

function draft(kind: MalformedKind, bytes: boolean): fc.Arbitrary<Draft> {
  switch (kind) {
    case 'oversize':
      return oversize();
    case 'binary':
      return fc
        .oneof(request().map(encodeRequest), fc.string({ unit: 'binary', maxLength: 40 }))
        .map((text) => ({
          text,
          code: EnvelopeCode.parseError,
          id: null,
          description: 'a WebSocket binary frame',
        }));
    case 'not-utf8':
      return bytes ? notUtf8Bytes() : notUtf8String();
    case 'not-json':
      return notJson();
    case 'not-object':
      return notObject();
    case 'bad-id':
      return badId();
    case 'bad-method':
      return badMethod();
    case 'bad-params':
      return badParams();
  }
}
