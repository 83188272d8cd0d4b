/**
 * The scenario's `mqtt` section: the protocol version devices and controllers speak, and the
 * QoS of each message class (PROTOCOL.md section 5 says QoS 1 for all; a load may lower one
 * to measure a cloud at QoS 0).
 */
import {
  DEFAULT_MQTT_VERSION,
  type MessageQos,
  PROTOCOL_QOS,
  type Qos,
} from '../../src/transport/mqtt/index.js';
import type { ProblemList } from './problems.js';
import type { ScenarioMqtt } from './types.js';

export const MESSAGE_CLASSES = ['telemetry', 'requests', 'replies', 'notifications'] as const;

export const DEFAULT_SCENARIO_MQTT: ScenarioMqtt = Object.freeze({
  version: DEFAULT_MQTT_VERSION,
  qos: PROTOCOL_QOS,
});

export function checkMqtt(raw: unknown, hub: boolean, list: ProblemList): ScenarioMqtt | undefined {
  if (raw === undefined) return DEFAULT_SCENARIO_MQTT;
  const object = list.object(raw, ['mqtt'], 'mqtt');
  if (!object) return undefined;
  if (hub) {
    list.add(
      ['mqtt'],
      'mqtt settings apply to load against a broker; a hub scenario loads the hub through its Hub API',
      'remove mqtt from the hub scenario',
    );
    return undefined;
  }
  let version = DEFAULT_MQTT_VERSION;
  if (object.version !== undefined) {
    if (object.version === 4 || object.version === 5) version = object.version;
    else {
      list.add(
        ['mqtt', 'version'],
        `${JSON.stringify(object.version)} is not an MQTT version fleetcert speaks`,
        'write 4 (MQTT 3.1.1) or 5 (MQTT 5.0)',
      );
      return undefined;
    }
  }
  const qos = checkQos(object.qos, list);
  return qos ? { version, qos } : undefined;
}

function checkQos(raw: unknown, list: ProblemList): MessageQos | undefined {
  if (raw === undefined) return PROTOCOL_QOS;
  const object = list.object(raw, ['mqtt', 'qos'], 'mqtt.qos');
  if (!object) return undefined;
  const chosen: Record<string, Qos> = { ...PROTOCOL_QOS };
  let ok = true;
  for (const kind of MESSAGE_CLASSES) {
    const value = object[kind];
    if (value === undefined) continue;
    if (value === 0 || value === 1) chosen[kind] = value;
    else {
      ok = false;
      list.add(
        ['mqtt', 'qos', kind],
        `${JSON.stringify(value)} is not a QoS fleetcert uses`,
        'write 0 (at most once) or 1 (at least once, section 5)',
      );
    }
  }
  return ok ? (chosen as unknown as MessageQos) : undefined;
}
