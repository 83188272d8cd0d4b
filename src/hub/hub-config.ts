/**
 * The hub configuration contract of PROTOCOL.md section 8: the JSON file a harness writes and
 * passes as `COMMAND --config FILE`, so that any hub, in any language, can be started and
 * certified. Pure: parsing and checking only, no files or sockets. Unknown keys are ignored, as
 * the protocol says; everything the protocol names is checked, each problem with its JSON path.
 */

import { boundedJsonProblemText, MAX_FILE_DEPTH, parseBoundedJson } from '../bounded-json.js';
import { findDuplicateKeys } from '../duplicate-keys.js';
import { FleetcertError } from '../errors.js';
import { INPUT_LIMITS } from '../input-limits.js';

export interface HubMqttSettings {
  readonly url: string;
  /** `controller:NAME` (section 5); the reference configuration uses `controller:hub`. */
  readonly username: string;
  readonly password: string;
}

export interface HubWsDevice {
  readonly deviceId: string;
  /** `ws://HOST:PORT/edp/1` of a WebSocket device (section 6). */
  readonly url: string;
  readonly token: string;
}

/** One app token and the devices it is granted: a list of ids, or `"*"` for every device. */
export interface HubAppGrant {
  readonly token: string;
  readonly devices: readonly string[] | '*';
}

export interface HubConfig {
  /** `HOST:PORT` the hub serves `ws://HOST:PORT/edp/1/hub` on. */
  readonly listen: string;
  readonly mqtt?: HubMqttSettings;
  readonly ws_devices?: readonly HubWsDevice[];
  /** D of EDP-HUB-2: how long the hub waits for a device's answer before `-4011`. */
  readonly deadline_ms: number;
  readonly apps: readonly HubAppGrant[];
}

export const DEFAULT_HUB_DEADLINE_MS = 2000;
/**
 * The longest deadline_ms accepted: 10 minutes. Timers past 2^31-1 ms fire at once (Node clamps
 * them to 1 ms), so a larger D made every command -4011 after a few ms; no device needs more.
 */
export const MAX_HUB_DEADLINE_MS = 600_000;

export class HubConfigError extends FleetcertError {
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(
      'FLEETCERT_HUB_CONFIG',
      `${source} is not a valid hub configuration (docs/protocol.md, section 8):\n  ${problems.join('\n  ')}`,
      { exitCode: 2 },
    );
    this.problems = problems;
  }
}

/** Parses and checks a hub configuration file's text; throws HubConfigError naming every problem. */
export function parseHubConfig(text: string, source = 'the hub configuration'): HubConfig {
  const read = parseBoundedJson(text, {
    maxBytes: INPUT_LIMITS.hubConfigFileBytes,
    maxDepth: MAX_FILE_DEPTH,
  });
  if (!read.ok) throw new HubConfigError(source, [boundedJsonProblemText(read, 'it')]);
  // JSON.parse keeps the last of repeated members: a second "listen" (0.0.0.0) silently won.
  const duplicates = findDuplicateKeys(text);
  if (duplicates.length > 0)
    throw new HubConfigError(
      source,
      duplicates.map(
        (d) =>
          `${d.path}: member ${JSON.stringify(d.key.slice(0, 80))} appears again at line ${d.line}, column ${d.column}; keep one`,
      ),
    );
  return checkHubConfig(read.value, source);
}

export function checkHubConfig(value: unknown, source = 'the hub configuration'): HubConfig {
  const problems: string[] = [];
  if (!isObject(value)) throw new HubConfigError(source, ['$: must be an object']);
  if (typeof value.listen !== 'string' || !/^[^\s:]+:\d{1,5}$/.test(value.listen))
    problems.push('$.listen: must be "HOST:PORT"');
  const deadline = value.deadline_ms ?? DEFAULT_HUB_DEADLINE_MS;
  if (
    typeof deadline !== 'number' ||
    !Number.isInteger(deadline) ||
    deadline < 1 ||
    deadline > MAX_HUB_DEADLINE_MS
  )
    problems.push(`$.deadline_ms: must be a whole number of milliseconds from 1 to ${MAX_HUB_DEADLINE_MS}`);
  if (value.mqtt !== undefined) {
    if (!isObject(value.mqtt)) problems.push('$.mqtt: must be an object');
    else
      for (const key of ['url', 'username', 'password'] as const)
        if (typeof value.mqtt[key] !== 'string') problems.push(`$.mqtt.${key}: must be a string`);
  }
  if (value.ws_devices !== undefined) {
    if (!Array.isArray(value.ws_devices)) problems.push('$.ws_devices: must be an array');
    else
      value.ws_devices.forEach((d, i) => {
        if (!isObject(d)) problems.push(`$.ws_devices[${i}]: must be an object`);
        else
          for (const key of ['deviceId', 'url', 'token'] as const)
            if (typeof d[key] !== 'string') problems.push(`$.ws_devices[${i}].${key}: must be a string`);
      });
  }
  if (!Array.isArray(value.apps)) problems.push('$.apps: must be an array of { token, devices }');
  else
    value.apps.forEach((a, i) => {
      if (!isObject(a)) {
        problems.push(`$.apps[${i}]: must be an object`);
        return;
      }
      if (typeof a.token !== 'string' || a.token === '')
        problems.push(`$.apps[${i}].token: must be a non-empty string`);
      const d = a.devices;
      if (d !== '*' && !(Array.isArray(d) && d.every((x) => typeof x === 'string')))
        problems.push(`$.apps[${i}].devices: must be "*" or an array of device ids`);
    });
  if (problems.length > 0) throw new HubConfigError(source, problems);
  return Object.freeze({ ...(value as unknown as HubConfig), deadline_ms: deadline as number });
}

/**
 * What a valid configuration should still be told: a `listen` beyond loopback serves plain
 * ws:// (app tokens and commands unencrypted) to the network.
 */
export function hubConfigWarnings(config: HubConfig): string[] {
  const host = config.listen.slice(0, config.listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  if (isLoopbackHost(host)) return [];
  return [
    `listen ${config.listen} serves plain ws:// beyond this machine: app tokens and commands cross the network unencrypted. Listen on 127.0.0.1, or put TLS (a reverse proxy) in front.`,
  ];
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The devices a grant covers among `known` ids (`"*"`: all of them, now and later). */
export function grantCovers(grant: HubAppGrant, deviceId: string): boolean {
  return grant.devices === '*' || grant.devices.includes(deviceId);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
