/**
 * fast-check arbitraries for EDP/1 messages: valid requests, responses and notifications,
 * and frames that break section 3 in each way, tagged with what a receiver must make of them.
 * Shared by the message-layer tests, the simulators' tests and the conformance suites.
 */

export {
  HOSTILE_SLOTS,
  type HostileJson,
  type HostileShape,
  type HostileSlot,
  hostileJson,
  nestedText,
  placeInRequest,
} from './hostile-json.js';
export {
  INVALID_DEVICE_MESSAGE_KINDS,
  type InvalidDeviceMessage,
  type InvalidDeviceMessageConstraints,
  type InvalidDeviceMessageKind,
  invalidDeviceMessage,
} from './invalid-device-message.js';
export {
  MALFORMED_KINDS,
  type MalformedFrame,
  type MalformedFrameConstraints,
  type MalformedKind,
  malformedFrame,
} from './malformed-frame.js';
export { type NotificationConstraints, type NotificationMethod, notification } from './notification.js';
export { type RequestConstraints, request } from './request.js';
export { requestId } from './request-id.js';
export { type ResponseConstraints, response } from './response.js';
export { iid, wireValue } from './wire-value.js';
