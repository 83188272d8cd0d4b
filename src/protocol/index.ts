/** The EDP/1 message layer (PROTOCOL.md section 3): types, codes, decoders, encoders, request ids. */
export * from './codes.js';
export { type DecodeRequestOptions, decodeRequest, isMethod, isRequestId } from './decode-request.js';
export {
  byteLength,
  encodeMessage,
  encodeNotification,
  encodeRequest,
  encodeResponse,
  envelopeErrorResponse,
  errorResponse,
  fitsMessageLimit,
} from './encode.js';
export * from './types.js';
