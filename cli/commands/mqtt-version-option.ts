/**
 * `--mqtt-version 4|5`, shared by `simulate --fleet`, `load` and `certify --broker`: parsed
 * here, at the edge, into the one MqttConnectionSettings object the clients below take.
 */
import type { Argv } from 'yargs';
import { UsageError } from '../../src/index.js';
import {
  DEFAULT_MQTT_CONNECTION,
  type MqttConnectionSettings,
  type MqttVersion,
  parseMqttVersion,
} from '../../src/transport/mqtt/index.js';

export interface MqttVersionArgs {
  readonly mqttVersion?: string | number;
}

export function addMqttVersionOption<T>(yargs: Argv<T>, what: string): Argv<T & MqttVersionArgs> {
  return yargs.option('mqtt-version', {
    type: 'string',
    describe: `MQTT protocol version ${what} speak: 4 (MQTT 3.1.1, the default) or 5 (MQTT 5.0)`,
  }) as unknown as Argv<T & MqttVersionArgs>;
}

/** The version asked for, or undefined when the flag is absent; a UsageError for anything but 4 or 5. */
export function resolveMqttVersion(value: string | number | undefined): MqttVersion | undefined {
  if (value === undefined) return undefined;
  const version = parseMqttVersion(value);
  if (version === undefined)
    throw new UsageError(
      `--mqtt-version must be 4 (MQTT 3.1.1) or 5 (MQTT 5.0), got ${JSON.stringify(value)}`,
    );
  return version;
}

export function resolveMqttConnection(value: string | number | undefined): MqttConnectionSettings {
  const version = resolveMqttVersion(value);
  return version === undefined ? DEFAULT_MQTT_CONNECTION : Object.freeze({ version });
}
