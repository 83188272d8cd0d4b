/** `devices.get_properties` and `devices.set_properties { deviceId, items }`: the device receives `items` verbatim (EDP-HUB-1). */
import { memberText } from '../json-spans.js';
import { commandTarget } from './command-target.js';
import type { HubHandler } from './types.js';

function propertyBatch(method: 'get_properties' | 'set_properties'): HubHandler {
  return (request, connection, context) => {
    const target = commandTarget(request, connection, context, true);
    if (target === undefined) return;
    context.forwarder.forward({
      connection,
      appId: request.id,
      deviceId: target.deviceId,
      method,
      paramsText: memberText(target.paramsText, target.members, 'items'),
    });
  };
}

export const getProperties = propertyBatch('get_properties');
export const setProperties = propertyBatch('set_properties');
