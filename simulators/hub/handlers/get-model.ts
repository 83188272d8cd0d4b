/** `devices.get_model { deviceId }` → the device's `get_model` result (sent without params: section 3 ignores them). */
import { commandTarget } from './command-target.js';
import type { HubHandler } from './types.js';

export const getModel: HubHandler = (request, connection, context) => {
  const target = commandTarget(request, connection, context, false);
  if (target === undefined) return;
  context.forwarder.forward({
    connection,
    appId: request.id,
    deviceId: target.deviceId,
    method: 'get_model',
    paramsText: undefined,
  });
};
