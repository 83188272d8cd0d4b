/**
 * Reading one app frame (PROTOCOL.md sections 3 and 8): size first (64 KiB, before parsing),
 * then UTF-8 and JSON, then the envelope: an object (an array gets -32600), a valid id, a
 * method string. Only top-level members are read, never walked, so a deeply nested frame costs
 * what JSON.parse costs and no more; params keep their raw text, to be forwarded verbatim. Pure.
 */

import type { ErrorObject, RequestId } from '../../src/protocol/index.js';
import { isJsonObject, MAX_MESSAGE_BYTES, MAX_REQUEST_ID, member } from '../../src/protocol/index.js';
import { AppError } from './app-errors.js';
import { memberText, objectMembers } from './json-spans.js';
import { readRelayFrame } from './relay-frame.js';

export interface AppRequest {
  readonly id: RequestId;
  readonly method: string;
  /** The parsed params; `undefined` when the frame has none. */
  readonly params: unknown;
  /** The params exactly as the app wrote them; `undefined` when the frame has none. */
  readonly paramsText: string | undefined;
}

export type ReadAppFrame =
  | { readonly ok: true; readonly request: AppRequest }
  | { readonly ok: false; readonly id: RequestId | null; readonly error: ErrorObject };

const refuse = (id: RequestId | null, error: ErrorObject): ReadAppFrame => ({ ok: false, id, error });

export function readAppFrame(data: Uint8Array, binary: boolean): ReadAppFrame {
  if (data.byteLength > MAX_MESSAGE_BYTES) return refuse(null, AppError.oversize);
  if (binary) return refuse(null, AppError.binaryFrame);
  const read = readRelayFrame(data);
  if (!read.ok) return refuse(null, read.problem === 'oversize' ? AppError.oversize : AppError.notJson);
  const body = read.value;
  if (!isJsonObject(body)) return refuse(null, AppError.notObject);
  const id = member(body, 'id');
  if (!isRequestId(id)) return refuse(null, AppError.noValidId);
  const method = member(body, 'method');
  if (typeof method !== 'string') return refuse(id, AppError.unknownMethod);
  const members = objectMembers(read.text) ?? [];
  return {
    ok: true,
    request: {
      id,
      method,
      params: member(body, 'params'),
      paramsText: memberText(read.text, members, 'params'),
    },
  };
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_REQUEST_ID;
}
