/**
 * The keys a scenario file may hold and the kind of value each takes. Validation uses it to
 * name unknown keys (typos) with the valid ones, and `--set key=value` uses it to type a
 * command-line string the way the file would have written it.
 */

export type FieldKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'duration'
  | 'rate'
  | 'count-or-share'
  | 'string-or-object';

/** Dotted paths; `*` stands for any array index. */
export const SCENARIO_FIELDS: Readonly<Record<string, FieldKind>> = {
  /** Where editors find the published JSON Schema (docs/schemas/load-scenario.schema.json); ignored. */
  $schema: 'string',
  name: 'string',
  description: 'string',
  seed: 'integer',
  idPrefix: 'string',
  'broker.url': 'string',
  'broker.ca': 'string',
  'broker.rejectUnauthorized': 'boolean',
  'mqtt.version': 'integer',
  'mqtt.qos.telemetry': 'integer',
  'mqtt.qos.requests': 'integer',
  'mqtt.qos.replies': 'integer',
  'mqtt.qos.notifications': 'integer',
  'broker.cert': 'string',
  'broker.key': 'string',
  'broker.controllerCert': 'string',
  'broker.controllerKey': 'string',
  'fleet.*.type': 'string',
  'fleet.*.model': 'string',
  'fleet.*.count': 'integer',
  'tokens.devices': 'string-or-object',
  'tokens.devices.file': 'string',
  'tokens.controller': 'string',
  'stages.*.rampUp': 'rate',
  'stages.*.hold': 'duration',
  'stages.*.rampDown': 'rate',
  'stages.*.to': 'count-or-share',
  'telemetry.rate': 'rate',
  'requests.rate': 'rate',
  'requests.mix.get': 'number',
  'requests.mix.set': 'number',
  'requests.mix.action': 'number',
  'requests.controllers': 'integer',
  deadline: 'duration',
  settle: 'duration',
  interval: 'duration',
  'thresholds.*': 'string',
  'hub.command': 'string',
  'hub.url': 'string',
  'hub.config': 'string',
  'hub.drain': 'duration',
  'hub.warmup': 'duration',
  'hub.inFlight': 'integer',
  'hub.wsDevices': 'integer',
  'hub.presence.flaps': 'rate',
  'hub.presence.offline': 'duration',
  'hub.apps.*.token': 'string',
  'hub.apps.*.devices': 'string-or-object',
  'hub.apps.*.devices.*': 'string',
  'hub.apps.*.devices.types.*': 'string',
  'hub.apps.*.connections': 'integer',
  'hub.apps.*.subscribe': 'string-or-object',
  'hub.apps.*.subscribe.types.*': 'string',
};

/** The keys allowed directly under an object at `parent` (dotted, `*` for indexes; '' for the top). */
export function keysUnder(parent: string): string[] {
  const prefix = parent === '' ? '' : `${parent}.`;
  const keys = new Set<string>();
  for (const path of Object.keys(SCENARIO_FIELDS)) {
    if (!path.startsWith(prefix)) continue;
    const head = path.slice(prefix.length).split('.')[0];
    if (head && head !== '*') keys.add(head);
  }
  return [...keys];
}

/** The schema path of a concrete path: numeric segments become `*`. */
export function schemaPath(segments: readonly (string | number)[]): string {
  return segments
    .map((segment) => (typeof segment === 'number' || /^\d+$/.test(segment) ? '*' : segment))
    .join('.');
}

/** `$.fleet[0].count` from `['fleet', 0, 'count']`: the path printed in problems. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let text = '$';
  for (const segment of segments) text += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return text;
}
