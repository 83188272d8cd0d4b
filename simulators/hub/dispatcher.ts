/**
 * One app frame in, exactly one response out (EDP-HUB-2): envelope errors of section 3 for
 * frames that are no request, -4013 past the connection's in-flight limit, otherwise a plain
 * `switch` to the method's handler.
 */

import type { AppConnection } from './app-connection.js';
import { AppError } from './app-errors.js';
import { readAppFrame } from './app-frame.js';
import { action } from './handlers/action.js';
import { devicesList } from './handlers/devices-list.js';
import { getModel } from './handlers/get-model.js';
import { getProperties, setProperties } from './handlers/property-batch.js';
import { subscribe } from './handlers/subscribe.js';
import type { HubContext, HubHandler } from './handlers/types.js';

function handlerOf(method: string): HubHandler | undefined {
  switch (method) {
    case 'devices.list':
      return devicesList;
    case 'devices.get_model':
      return getModel;
    case 'devices.get_properties':
      return getProperties;
    case 'devices.set_properties':
      return setProperties;
    case 'devices.action':
      return action;
    case 'subscribe':
      return subscribe;
    default:
      return undefined;
  }
}

export function dispatchFrame(
  data: Uint8Array,
  binary: boolean,
  connection: AppConnection,
  context: HubContext,
): void {
  const read = readAppFrame(data, binary);
  if (!read.ok) {
    connection.refuse(read.id, read.error);
    return;
  }
  const { request } = read;
  const handler = handlerOf(request.method);
  if (handler === undefined) {
    connection.refuse(request.id, AppError.unknownMethod);
    return;
  }
  if (!connection.begin()) {
    connection.refuse(request.id, AppError.busy);
    return;
  }
  handler(request, connection, context);
}
