/**
 * `devices.action { deviceId, siid, aiid, in }`: the device receives the params without
 * `deviceId`, every other member byte for byte; a missing `in` stays missing (EDP-HUB-1).
 */
import { objectWithout } from '../json-spans.js';
import { commandTarget } from './command-target.js';
import type { HubHandler } from './types.js';

export const action: HubHandler = (request, connection, context) => {
  const target = commandTarget(request, connection, context, false);
  if (target === undefined) return;
  const { faults } = context;
  // fault hook: keep-device-id
  let paramsText = faults.has('keep-device-id')
    ? target.paramsText
    : objectWithout(target.paramsText, target.members, 'deviceId');
  // fault hook: drop-action-in
  if (faults.has('drop-action-in')) {
    const members = target.members.filter((m) => m.key !== 'in');
    paramsText = faults.has('keep-device-id')
      ? objectWithout(target.paramsText, members, 'in')
      : objectWithout(target.paramsText, members, 'deviceId');
  }
  context.forwarder.forward({
    connection,
    appId: request.id,
    deviceId: target.deviceId,
    method: 'action',
    paramsText,
  });
};
