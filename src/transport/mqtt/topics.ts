/**
 * Topics, identities and presence of the MQTT binding (PROTOCOL.md section 5). Pure: no I/O.
 * Every device lives under `edp/1/{deviceId}/`; the broker's ACL (EDP-MQTT-3) and every
 * client build and read topics here, so they agree on the layout.
 */

// Presence is the payload of the `state` topic; re-exported so topic users find it here too.
export {
  encodePresence,
  OFFLINE_PRESENCE,
  onlinePresence,
  type Presence,
  parsePresence,
  presenceProblem,
} from './presence.js';

/** A device id: also its MQTT client id and username. */
export const DEVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;
export const TOPIC_ROOT = 'edp/1';
export const CONTROLLER_PREFIX = 'controller:';

export type DeviceTopicKind = 'state' | 'model' | 'rpc' | 'rpcReply' | 'events';

/** The topic suffix of each kind, after `edp/1/{deviceId}/`. */
export const TOPIC_SUFFIXES: Readonly<Record<DeviceTopicKind, string>> = {
  state: 'state',
  model: 'model',
  rpc: 'rpc',
  rpcReply: 'rpc/reply',
  events: 'events',
};

/** The kinds a controller may subscribe to (any device) and publish to (section 5). */
export const CONTROLLER_SUBSCRIBE_KINDS: readonly DeviceTopicKind[] = [
  'state',
  'model',
  'rpcReply',
  'events',
];
export const CONTROLLER_PUBLISH_KINDS: readonly DeviceTopicKind[] = ['rpc'];

export type DeviceTopics = Readonly<Record<DeviceTopicKind, string>>;

export function isValidDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID_PATTERN.test(value);
}

/** The five topics of one device. Throws a RangeError on an invalid device id. */
export function deviceTopics(deviceId: string): DeviceTopics {
  if (!isValidDeviceId(deviceId)) {
    throw new RangeError(
      `invalid device id ${JSON.stringify(deviceId)}: expected ${DEVICE_ID_PATTERN.source}`,
    );
  }
  return {
    state: deviceTopic(deviceId, 'state'),
    model: deviceTopic(deviceId, 'model'),
    rpc: deviceTopic(deviceId, 'rpc'),
    rpcReply: deviceTopic(deviceId, 'rpcReply'),
    events: deviceTopic(deviceId, 'events'),
  };
}

/** `deviceId` may be `+` to make a subscription filter over every device. */
export function deviceTopic(deviceId: string, kind: DeviceTopicKind): string {
  return `${TOPIC_ROOT}/${deviceId}/${TOPIC_SUFFIXES[kind]}`;
}

/** The filter that matches `kind` of every device, e.g. `edp/1/+/state`. */
export function allDevicesFilter(kind: DeviceTopicKind): string {
  return deviceTopic('+', kind);
}

export interface ParsedDeviceTopic {
  readonly deviceId: string;
  readonly kind: DeviceTopicKind;
}

/** Reads a concrete topic; `undefined` for anything that is not exactly one of the five topics of a valid device. */
export function parseDeviceTopic(topic: string): ParsedDeviceTopic | undefined {
  const parsed = parseTopic(topic);
  return parsed !== undefined && parsed.deviceId !== '+' ? parsed : undefined;
}

export interface ParsedDeviceTopicFilter {
  /** A device id, or `+` for every device. */
  readonly deviceId: string;
  readonly kind: DeviceTopicKind;
}

/**
 * Reads a subscription filter the way an ACL must: a device-id level of `+` means every device;
 * any other wildcard (`#`, `+` elsewhere) makes it unreadable, since it may reach topics no one
 * is allowed (`edp/1/+/#` would include `rpc`).
 */
export function parseDeviceTopicFilter(filter: string): ParsedDeviceTopicFilter | undefined {
  return parseTopic(filter);
}

function parseTopic(topic: string): ParsedDeviceTopic | undefined {
  if (typeof topic !== 'string') return undefined;
  const levels = topic.split('/');
  if (levels.length < 4 || levels.length > 5 || levels[0] !== 'edp' || levels[1] !== '1') return undefined;
  const deviceId = levels[2] as string;
  if (deviceId !== '+' && !isValidDeviceId(deviceId)) return undefined;
  const suffix = levels.slice(3).join('/');
  const kind = (Object.keys(TOPIC_SUFFIXES) as DeviceTopicKind[]).find((k) => TOPIC_SUFFIXES[k] === suffix);
  return kind === undefined ? undefined : { deviceId, kind };
}

// Controller names: printable, no MQTT wildcard or separator, so a name can never widen a topic or an ACL.
const CONTROLLER_NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function isValidControllerName(value: unknown): value is string {
  return typeof value === 'string' && CONTROLLER_NAME_PATTERN.test(value);
}

/** `controller:NAME`. Throws a RangeError on an invalid name. */
export function controllerUsername(name: string): string {
  if (!isValidControllerName(name)) {
    throw new RangeError(`invalid controller name ${JSON.stringify(name)}: use 1 to 64 of A-Z a-z 0-9 . _ -`);
  }
  return `${CONTROLLER_PREFIX}${name}`;
}

/** The NAME of `controller:NAME`, or `undefined` when `username` is not a controller's. */
export function parseControllerUsername(username: string): string | undefined {
  if (typeof username !== 'string' || !username.startsWith(CONTROLLER_PREFIX)) return undefined;
  const name = username.slice(CONTROLLER_PREFIX.length);
  return isValidControllerName(name) ? name : undefined;
}

export function isControllerUsername(username: string): boolean {
  return parseControllerUsername(username) !== undefined;
}
