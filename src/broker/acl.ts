/**
 * The topic ACL of PROTOCOL.md section 5, as pure decisions the embedded broker enforces.
 * - Devices: publish and subscribe only under their own `edp/1/{deviceId}/` (EDP-MQTT-3).
 *   Anything inside the own tree is allowed, since the rule forbids nothing there and a refused
 *   publish costs the device its connection.
 * - Controllers: subscribe to `state`, `model`, `rpc/reply` and `events` of any device (a `+`
 *   device level allowed), publish to any device's `rpc`; nothing else.
 */
import {
  CONTROLLER_PUBLISH_KINDS,
  CONTROLLER_SUBSCRIBE_KINDS,
  parseDeviceTopic,
  parseDeviceTopicFilter,
  TOPIC_ROOT,
} from '../transport/mqtt/topics.js';
import type { Principal } from './principal.js';

export type AclAction = 'publish' | 'subscribe';

export type AclDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Why, in words an operator can act on. */
      readonly reason: string;
      /** Set when the refusal means a device broke EDP-MQTT-3 (reached outside its own tree). */
      readonly rule?: 'EDP-MQTT-3';
    };

const ALLOWED: AclDecision = Object.freeze({ allowed: true });
const CONTROLLER_SUBSCRIBE_TOPICS = 'edp/1/{deviceId|+}/state, model, rpc/reply or events';

export function checkPublish(principal: Principal, topic: string): AclDecision {
  if (principal.kind === 'device') {
    // EDP-MQTT-3: a device publishes only under its own edp/1/{deviceId}/.
    return topic.startsWith(principal.treePrefix)
      ? ALLOWED
      : outsideTree(principal.deviceId, 'publish to', topic);
  }
  const parsed = parseDeviceTopic(topic);
  if (parsed !== undefined && CONTROLLER_PUBLISH_KINDS.includes(parsed.kind)) return ALLOWED;
  return {
    allowed: false,
    reason: `controller may publish only to edp/1/{deviceId}/rpc, not to ${JSON.stringify(topic)}`,
  };
}

export function checkSubscribe(principal: Principal, filter: string): AclDecision {
  if (principal.kind === 'device') {
    // EDP-MQTT-3: every topic the filter can match must lie in the device's own tree, so wildcards
    // may only follow the device id level (`edp/1/{id}/#` is fine, `edp/1/+/rpc` is not).
    return filter.startsWith(principal.treePrefix)
      ? ALLOWED
      : outsideTree(principal.deviceId, 'subscribe to', filter);
  }
  const parsed = parseDeviceTopicFilter(filter);
  if (parsed !== undefined && CONTROLLER_SUBSCRIBE_KINDS.includes(parsed.kind)) return ALLOWED;
  return {
    allowed: false,
    reason: `controller may subscribe only to ${CONTROLLER_SUBSCRIBE_TOPICS}, not to ${JSON.stringify(filter)}`,
  };
}

function outsideTree(deviceId: string, verb: string, topic: string): AclDecision {
  return {
    allowed: false,
    reason: `device ${deviceId} may only ${verb} topics under ${TOPIC_ROOT}/${deviceId}/, not ${JSON.stringify(topic)}`,
    rule: 'EDP-MQTT-3',
  };
}
