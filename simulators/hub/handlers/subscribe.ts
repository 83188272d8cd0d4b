/**
 * `subscribe { deviceIds: [...] | "*" }` replaces the connection's subscription set → `{}`
 * (EDP-HUB-3). A list with any id the token may not see gets -4012 and changes nothing
 * (EDP-HUB-5); anything but `"*"` or an array of strings is -32602.
 */
import { isJsonObject, member } from '../../../src/protocol/index.js';
import { AppError } from '../app-errors.js';
import { nextSubscription } from '../subscriptions.js';
import type { HubHandler } from './types.js';

export const subscribe: HubHandler = (request, connection, context) => {
  const { params } = request;
  const deviceIds = isJsonObject(params) ? member(params, 'deviceIds') : undefined;
  if (!(deviceIds === '*' || (Array.isArray(deviceIds) && deviceIds.every((id) => typeof id === 'string')))) {
    connection.fail(request.id, AppError.badDeviceIds);
    return;
  }
  const { grant } = connection;
  if (deviceIds !== '*' && !deviceIds.every((id: string) => grant.covers(id))) {
    connection.fail(request.id, AppError.unknownOrNotGranted);
    return;
  }
  connection.subscription = nextSubscription(connection.subscription, deviceIds, context.faults, () =>
    context.directory.ids().filter((id) => grant.covers(id) && context.directory.isOnline(id)),
  );
  connection.answer(request.id, 'result', '{}');
};
