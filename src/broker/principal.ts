/**
 * Who a connected MQTT client is (PROTOCOL.md section 5): a device, logged in with its device
 * id, or a controller, logged in as `controller:NAME`. Pure.
 */
import { isValidDeviceId, parseControllerUsername, TOPIC_ROOT } from '../transport/mqtt/topics.js';

export interface DevicePrincipal {
  readonly kind: 'device';
  readonly username: string;
  readonly deviceId: string;
  /** `edp/1/{deviceId}/`: everything the device may touch starts with it (EDP-MQTT-3). */
  readonly treePrefix: string;
}

export interface ControllerPrincipal {
  readonly kind: 'controller';
  readonly username: string;
  readonly name: string;
}

export type Principal = DevicePrincipal | ControllerPrincipal;

/** The principal a username names, or `undefined` when it is neither a device id nor `controller:NAME`. */
export function principalFor(username: string): Principal | undefined {
  if (isValidDeviceId(username)) {
    return { kind: 'device', username, deviceId: username, treePrefix: `${TOPIC_ROOT}/${username}/` };
  }
  const name = parseControllerUsername(username);
  return name === undefined ? undefined : { kind: 'controller', username, name };
}
