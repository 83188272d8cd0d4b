/**
 * The device side of section 3: a raw frame becomes a typed request or the exact envelope
 * error to answer with (EDP-RPC-4). When several problems apply, the first of these wins:
 *   1. size over 65,536 UTF-8 bytes      -32600, id always null (checked before parsing)
 *   2. WebSocket binary frame, not UTF-8,
 *      not JSON                          -32700, id null
 *   3. JSON but not an object            -32600, id null
 *   3a. nested deeper than 32 levels      -32600, the request's id when one can be read, else null
 *       (fleetcert's bound, src/bounded-json.ts: no request of section 3 nests that deep, and
 *       a value 20,000 deep would overflow the stack of whatever walks it; the id is still
 *       answered, EDP-RPC-1)
 *   4. no valid id                       -32600, id null
 *   5. unknown or missing method         -32601, the request's id
 *   6. params of the wrong shape         -32602, the request's id
 * (A binary frame is refused after the size check: the limit holds for every frame.)
 * Items inside params are passed through unjudged: what is wrong inside an item is an item
 * code for the device to give, never -32602. Members section 3 does not name are ignored.
 */
import { MAX_MESSAGE_DEPTH } from '../bounded-json.js';
import { EnvelopeCode, MAX_BATCH_ITEMS, MAX_MESSAGE_BYTES, MAX_REQUEST_ID } from './codes.js';
import { describeJson, frameByteLength, isJsonObject, jsonKind, member, readFrame } from './frame.js';
import {
  type ActionParams,
  type DecodeRequestResult,
  type EnvelopeError,
  type GetPropertyItem,
  METHODS,
  type Method,
  type RequestId,
  type SetPropertyItem,
} from './types.js';

export interface DecodeRequestOptions {
  /** The frame arrived as a WebSocket binary frame: refused with -32700 (section 6). */
  readonly binary?: boolean;
}

/** Never throws, whatever the input. */
export function decodeRequest(
  frame: Uint8Array | string,
  options: DecodeRequestOptions = {},
): DecodeRequestResult {
  try {
    return decode(frame, options);
  } catch {
    // Unreachable by design; kept so that no input can ever take a device down (EDP-RPC-4).
    return fail(null, EnvelopeCode.invalidRequest, 'request could not be read');
  }
}

function decode(frame: Uint8Array | string, options: DecodeRequestOptions): DecodeRequestResult {
  if (options.binary === true) {
    const bytes = frameByteLength(frame);
    if (bytes > MAX_MESSAGE_BYTES) return oversize(bytes);
    return fail(null, EnvelopeCode.parseError, 'binary frames are not accepted: send JSON in a text frame');
  }
  const read = readFrame(frame);
  if (!read.ok) {
    switch (read.problem) {
      case 'oversize':
        return oversize(read.bytes);
      case 'not-utf8':
        return fail(null, EnvelopeCode.parseError, 'message is not valid UTF-8');
      case 'not-json':
        return fail(null, EnvelopeCode.parseError, 'message is not valid JSON');
      case 'too-deep': {
        const rawId = isJsonObject(read.value) ? member(read.value, 'id') : undefined;
        return fail(
          isRequestId(rawId) ? rawId : null,
          EnvelopeCode.invalidRequest,
          `request nests arrays and objects deeper than ${MAX_MESSAGE_DEPTH} levels (at ${read.path.slice(0, 200)})`,
        );
      }
    }
  }
  const body = read.value;
  if (!isJsonObject(body)) {
    return fail(null, EnvelopeCode.invalidRequest, `request must be a JSON object, got ${jsonKind(body)}`);
  }
  const rawId = member(body, 'id');
  if (!isRequestId(rawId)) {
    const got = rawId === undefined ? 'no id' : `id ${describeJson(rawId)}`;
    return fail(
      null,
      EnvelopeCode.invalidRequest,
      `request needs an integer id from 1 to ${MAX_REQUEST_ID}, got ${got}`,
    );
  }
  const id = rawId;
  const method = member(body, 'method');
  if (!isMethod(method)) {
    const got = method === undefined ? 'no method' : `method ${describeJson(method)}`;
    return fail(
      id,
      EnvelopeCode.methodNotFound,
      `unknown method: got ${got}, expected one of ${METHODS.join(', ')}`,
    );
  }
  const params = member(body, 'params');
  switch (method) {
    case 'get_model':
      return { ok: true, request: { id, method } };
    case 'action':
      if (!isJsonObject(params)) {
        return fail(
          id,
          EnvelopeCode.invalidParams,
          `action params must be an object, got ${jsonKind(params)}`,
        );
      }
      return { ok: true, request: { id, method, params: params as unknown as ActionParams } };
    case 'get_properties':
    case 'set_properties': {
      const problem = batchProblem(method, params);
      if (problem !== undefined) return fail(id, EnvelopeCode.invalidParams, problem);
      return method === 'get_properties'
        ? { ok: true, request: { id, method, params: params as GetPropertyItem[] } }
        : { ok: true, request: { id, method, params: params as SetPropertyItem[] } };
    }
  }
}

/** A valid request id: a whole number 1..2^31−1 (`17.0` is 17; `"17"`, `true`, `0` are not). */
export function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_REQUEST_ID;
}

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && (METHODS as readonly string[]).includes(value);
}

function batchProblem(method: Method, params: unknown): string | undefined {
  const shape = `${method} params must be an array of 1 to ${MAX_BATCH_ITEMS} objects`;
  if (!Array.isArray(params)) return `${shape}, got ${jsonKind(params)}`;
  if (params.length === 0) return `${shape}, got an empty array`;
  if (params.length > MAX_BATCH_ITEMS) return `${shape}, got ${params.length} items`;
  const index = params.findIndex((item) => !isJsonObject(item));
  if (index >= 0) return `${shape}, but item ${index} is ${jsonKind(params[index])}`;
  return undefined;
}

function oversize(bytes: number): DecodeRequestResult {
  return fail(
    null,
    EnvelopeCode.invalidRequest,
    `message is ${bytes} bytes, over the limit of ${MAX_MESSAGE_BYTES}`,
  );
}

function fail(id: RequestId | null, code: number, message: string): { ok: false; error: EnvelopeError } {
  return { ok: false, error: { kind: 'envelope-error', id, code, message } };
}
