/**
 * Encoding EDP/1 messages (PROTOCOL.md section 3): one JSON text each. `JSON.stringify`
 * already writes integers without fraction or exponent, as section 2 asks of a device.
 * Callers that send check the result against MAX_MESSAGE_BYTES with `byteLength`.
 */
import { MAX_MESSAGE_BYTES } from './codes.js';
import type {
  EnvelopeError,
  ErrorObject,
  Message,
  Notification,
  Request,
  RequestId,
  Response,
} from './types.js';

export function encodeRequest(request: Request): string {
  return request.method === 'get_model' && request.params === undefined
    ? JSON.stringify({ id: request.id, method: request.method })
    : JSON.stringify({ id: request.id, method: request.method, params: request.params });
}

export function encodeResponse(response: Response): string {
  return 'error' in response
    ? JSON.stringify({
        id: response.id,
        error: { code: response.error.code, message: response.error.message },
      })
    : JSON.stringify({ id: response.id, result: response.result });
}

export function encodeNotification(notification: Notification): string {
  return JSON.stringify({ method: notification.method, params: notification.params });
}

export function encodeMessage(message: Message): string {
  if ('result' in message || 'error' in message) return encodeResponse(message);
  if ('id' in message) return encodeRequest(message);
  return encodeNotification(message);
}

/** An error response (an envelope error, EDP-RPC-4). */
export function errorResponse(id: RequestId | null, code: number, message: string): Response {
  const error: ErrorObject = { code, message };
  return { id, error };
}

/** The response a device sends for an envelope error that `decodeRequest` found. */
export function envelopeErrorResponse(error: EnvelopeError): Response {
  return errorResponse(error.id, error.code, error.message);
}

/** The size of `text` in UTF-8 bytes, as the 65,536-byte limit counts it; a lone surrogate counts 3 (U+FFFD). */
export function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (
      unit >= 0xd800 &&
      unit <= 0xdbff &&
      i + 1 < text.length &&
      isLowSurrogate(text.charCodeAt(i + 1))
    ) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function fitsMessageLimit(text: string): boolean {
  return text.length <= MAX_MESSAGE_BYTES / 3 || byteLength(text) <= MAX_MESSAGE_BYTES;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
