/**
 * The envelope errors the hub answers apps with (PROTOCOL.md sections 3 and 8), as ready error
 * objects. EDP-HUB-5: unknown and ungranted devices share one code and one message, so an app
 * cannot tell whether a device it may not see exists.
 */

import type { ErrorObject } from '../../src/protocol/index.js';
import { EnvelopeCode, HubCode } from '../../src/protocol/index.js';

const error = (code: number, message: string): ErrorObject => Object.freeze({ code, message });

export const AppError = Object.freeze({
  notJson: error(EnvelopeCode.parseError, 'not a JSON text in valid UTF-8'),
  binaryFrame: error(EnvelopeCode.parseError, 'binary frame: send each message as a text frame'),
  oversize: error(EnvelopeCode.invalidRequest, 'message over 65536 bytes'),
  notObject: error(EnvelopeCode.invalidRequest, 'a message is one JSON object (arrays are not batches here)'),
  noValidId: error(EnvelopeCode.invalidRequest, 'a request needs an integer id from 1 to 2147483647'),
  unknownMethod: error(EnvelopeCode.methodNotFound, 'unknown or missing method'),
  paramsNotObject: error(EnvelopeCode.invalidParams, 'params must be an object'),
  noDeviceId: error(EnvelopeCode.invalidParams, 'params.deviceId must be a string'),
  noItems: error(EnvelopeCode.invalidParams, 'params.items is missing'),
  badDeviceIds: error(
    EnvelopeCode.invalidParams,
    'params.deviceIds must be "*" or an array of device id strings',
  ),
  offline: error(HubCode.deviceOffline, 'device offline'),
  timeout: error(HubCode.deviceTimeout, 'device did not answer in time'),
  unknownOrNotGranted: error(HubCode.unknownOrNotGranted, 'unknown or not granted device'),
  busy: error(HubCode.busy, 'busy: too many requests in flight on this connection'),
  busyToken: error(HubCode.busy, 'busy: too many commands pending for this app token'),
  busyHub: error(HubCode.busy, 'busy: too many commands pending in the hub'),
});

/** Only for the planted fault `tell-unknown-from-ungranted`: a message that gives away that the device does not exist. */
export const UNKNOWN_DEVICE_LEAK: ErrorObject = error(HubCode.unknownOrNotGranted, 'no such device');
