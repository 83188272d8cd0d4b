/** The EDP/1 message layer (PROTOCOL.md section 3): types, codes, decoders, encoders, request ids. */
export * from './codes.js';
export { type DecodeDeviceMessageOptions, decodeDeviceMessage } from './decode-device-message.js';
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
export {
  describeJson,
  type FrameProblem,
  frameByteLength,
  isJsonObject,
  jsonKind,
  member,
  type ReadFrame,
  readFrame,
} from './frame.js';
export { createIdPermutation, createRequestIdSource, type RequestIdSource } from './request-ids.js';
export * from './types.js';
