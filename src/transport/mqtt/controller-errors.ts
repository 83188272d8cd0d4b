/**
 * What can go wrong with an MqttController, as classes with the bare reason kept apart, so
 * each caller (certify, load, the hub) can word the error for its own users.
 */
import { FleetcertError } from '../../errors.js';

/** The controller could not connect: `reason` is the bare cause (`Connection refused: Not authorized`). */
export class MqttConnectError extends FleetcertError {
  constructor(
    readonly url: string,
    readonly username: string,
    readonly reason: string,
    cause?: Error,
  ) {
    super(
      'FLEETCERT_MQTT_CONNECT',
      `cannot connect to ${url} as ${username}: ${reason}; check the URL and the token`,
      cause === undefined ? {} : { cause },
    );
  }
}

/** The broker refused some of the filters (SUBACK 0x80). */
export class MqttSubscribeError extends FleetcertError {
  constructor(
    readonly username: string,
    readonly refused: readonly string[],
  ) {
    super(
      'FLEETCERT_MQTT_SUBSCRIBE',
      `broker refused ${username} the subscription to ${refused.join(', ')}; check the broker's ACL`,
    );
  }
}
