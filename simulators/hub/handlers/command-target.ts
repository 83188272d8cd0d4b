/**
 * The only checks the hub makes before forwarding (section 8): params is an object with a
 * string `deviceId` (and `items` for get/set), else -32602 and nothing forwarded; then the
 * grant: any id the token may not see gets -4012 with one message for unknown and ungranted
 * alike (EDP-HUB-5) and reaches no device. Everything else is the device's to judge.
 */
import { isJsonObject, member } from '../../../src/protocol/index.js';
import type { AppConnection } from '../app-connection.js';
import { AppError, UNKNOWN_DEVICE_LEAK } from '../app-errors.js';
import type { AppRequest } from '../app-frame.js';
import { type MemberSpan, objectMembers } from '../json-spans.js';
import type { HubContext } from './types.js';

export interface CommandTarget {
  readonly deviceId: string;
  /** The params text and its members, for handlers that forward a part of it verbatim. */
  readonly paramsText: string;
  readonly members: readonly MemberSpan[];
}

export function commandTarget(
  request: AppRequest,
  connection: AppConnection,
  context: HubContext,
  needsItems: boolean,
): CommandTarget | undefined {
  const { params, paramsText } = request;
  if (!isJsonObject(params) || paramsText === undefined) {
    connection.fail(request.id, AppError.paramsNotObject);
    return undefined;
  }
  const deviceId = member(params, 'deviceId');
  if (typeof deviceId !== 'string') {
    connection.fail(request.id, AppError.noDeviceId);
    return undefined;
  }
  if (needsItems && member(params, 'items') === undefined) {
    connection.fail(request.id, AppError.noItems);
    return undefined;
  }
  if (!connection.grant.covers(deviceId)) {
    const known = context.directory.knows(deviceId);
    // fault hooks: forward-ungranted, tell-unknown-from-ungranted
    if (!(known && context.faults.has('forward-ungranted'))) {
      const leak = !known && context.faults.has('tell-unknown-from-ungranted');
      connection.fail(request.id, leak ? UNKNOWN_DEVICE_LEAK : AppError.unknownOrNotGranted);
      return undefined;
    }
  }
  return { deviceId, paramsText, members: objectMembers(paramsText) ?? [] };
}
