/**
 * What a device sent to the hub, read by shape alone (sections 3 and 6): a response (its
 * `result` or `error` kept as raw text, to reach the app verbatim), a notification (its params
 * as raw text), a WebSocket `hello`, or something the hub ignores (EDP-RPC-6: anything else
 * counts as not sent; a reply with both `result` and `error` too). Pure, never throws.
 */

import type { RequestId } from '../../src/protocol/index.js';
import { isJsonObject, member } from '../../src/protocol/index.js';
import { memberText, objectMembers } from './json-spans.js';
import { readRelayFrame } from './relay-frame.js';

export type DeviceAnswer = { readonly kind: 'result' | 'error'; readonly text: string };

export type DeviceFrame =
  | { readonly kind: 'response'; readonly id: RequestId; readonly answer: DeviceAnswer }
  | {
      readonly kind: 'notification';
      readonly method: 'properties_changed' | 'event_occurred';
      readonly paramsText: string;
    }
  | { readonly kind: 'hello'; readonly deviceId: unknown; readonly model: string | undefined }
  | { readonly kind: 'ignored' };

const IGNORED: DeviceFrame = Object.freeze({ kind: 'ignored' });

export function readDeviceFrame(payload: Uint8Array | string): DeviceFrame {
  const read = readRelayFrame(payload);
  if (!read.ok || !isJsonObject(read.value)) return IGNORED;
  const body = read.value;
  const members = objectMembers(read.text);
  if (members === undefined) return IGNORED;
  const id = member(body, 'id');
  const hasResult = Object.hasOwn(body, 'result');
  const hasError = Object.hasOwn(body, 'error');
  if (typeof id === 'number' && Number.isInteger(id) && hasResult !== hasError) {
    const kind = hasResult ? 'result' : 'error';
    if (kind === 'error' && !isJsonObject(body.error)) return IGNORED;
    return { kind: 'response', id, answer: { kind, text: memberText(read.text, members, kind)! } };
  }
  const method = member(body, 'method');
  const params = member(body, 'params');
  if (method === 'properties_changed' && Array.isArray(params))
    return { kind: 'notification', method, paramsText: memberText(read.text, members, 'params')! };
  if (method === 'event_occurred' && isJsonObject(params))
    return { kind: 'notification', method, paramsText: memberText(read.text, members, 'params')! };
  if (method === 'hello' && isJsonObject(params)) {
    const model = member(params, 'model');
    return {
      kind: 'hello',
      deviceId: member(params, 'deviceId'),
      model: typeof model === 'string' ? model : undefined,
    };
  }
  return IGNORED;
}
