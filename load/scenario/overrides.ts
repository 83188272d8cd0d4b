/**
 * Command-line overrides applied to the parsed scenario file before validation, so an
 * override is checked exactly like the file: `--broker URL`, `--token T`, `--duration D`
 * (total hold time), `--set key=value` (dotted path, typed by the schema) and extra
 * `--threshold` expressions.
 */
import { parseThreshold } from '../thresholds/parse.js';
import { parseDuration, typeName } from './quantities.js';
import { type FieldKind, SCENARIO_FIELDS, schemaPath } from './schema.js';

export interface ScenarioOverrides {
  readonly broker?: string;
  /** `--mqtt-version 4|5`: replaces mqtt.version (checked like the file's). */
  readonly mqttVersion?: number;
  readonly token?: string;
  /** Total hold time, e.g. `30s`; spread over the hold stages in proportion to their durations. */
  readonly duration?: string;
  /** `key=value` pairs, `key` a dotted path such as `requests.rate` or `fleet.0.count`. */
  readonly set?: readonly string[];
  readonly thresholds?: readonly string[];
  /** `--hub-command "CMD"`: replaces the hub section's target with a command to start. */
  readonly hubCommand?: string;
  /** `--hub URL` with `--hub-config FILE`: a hub that already runs. */
  readonly hubUrl?: string;
  readonly hubConfig?: string;
}

export type OverrideOutcome =
  | { readonly ok: true; readonly json: unknown }
  | { readonly ok: false; readonly problems: readonly string[] };

export function applyOverrides(json: unknown, overrides: ScenarioOverrides): OverrideOutcome {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return {
      ok: false,
      problems: [`the scenario must be an object to take overrides, got ${typeName(json)}`],
    };
  }
  const root = structuredClone(json) as Record<string, unknown>;
  const problems: string[] = [];
  if (overrides.broker !== undefined) setPath(root, ['broker', 'url'], overrides.broker);
  if (overrides.mqttVersion !== undefined) setPath(root, ['mqtt', 'version'], overrides.mqttVersion);
  if (overrides.hubCommand !== undefined || overrides.hubUrl !== undefined) {
    const hub = (typeof root.hub === 'object' && root.hub !== null ? root.hub : {}) as Record<
      string,
      unknown
    >;
    delete hub.command;
    delete hub.url;
    delete hub.config;
    if (overrides.hubCommand !== undefined) hub.command = overrides.hubCommand;
    if (overrides.hubUrl !== undefined) hub.url = overrides.hubUrl;
    if (overrides.hubConfig !== undefined) hub.config = overrides.hubConfig;
    root.hub = hub;
  }
  if (overrides.token !== undefined) {
    setPath(root, ['tokens', 'devices'], overrides.token);
    setPath(root, ['tokens', 'controller'], overrides.token);
  }
  if (overrides.duration !== undefined) {
    const problem = setHoldTime(root, overrides.duration);
    if (problem) problems.push(problem);
  }
  for (const assignment of overrides.set ?? []) {
    const problem = applySet(root, assignment);
    if (problem) problems.push(problem);
  }
  for (const threshold of overrides.thresholds ?? []) {
    // Judged here so the message names the flag, not the scenario file it was added to.
    const parsed = parseThreshold(threshold);
    if (!parsed.ok) problems.push(`--threshold "${threshold}": ${parsed.problem}`);
  }
  if (overrides.thresholds && overrides.thresholds.length > 0) {
    const existing = Array.isArray(root.thresholds) ? root.thresholds : [];
    root.thresholds = [...existing, ...overrides.thresholds];
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, json: root };
}

function applySet(root: Record<string, unknown>, assignment: string): string | undefined {
  const equals = assignment.indexOf('=');
  if (equals <= 0) return `--set "${assignment}": expected key=value, e.g. --set requests.rate=500/s`;
  const key = assignment.slice(0, equals).trim();
  const text = assignment.slice(equals + 1).trim();
  const segments = key.split('.');
  const kind = SCENARIO_FIELDS[schemaPath(segments)];
  if (kind === undefined) {
    return `--set ${key}: unknown key; valid keys: ${Object.keys(SCENARIO_FIELDS)
      .map((k) => k.replaceAll('*', 'N'))
      .join(', ')}`;
  }
  const value = typeValue(kind, text);
  if (!value.ok) return `--set ${key}=${text}: ${value.problem}`;
  const problem = setPath(root, segments, value.value);
  return problem ? `--set ${key}: ${problem}` : undefined;
}

/** Types a command-line string the way the scenario file would have written it. */
export function typeValue(
  kind: FieldKind,
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const numeric = /^-?\d+(\.\d+)?$/.test(text);
  switch (kind) {
    case 'string':
    case 'string-or-object':
      return { ok: true, value: text };
    case 'integer':
    case 'number':
      return numeric
        ? { ok: true, value: Number(text) }
        : { ok: false, problem: `expected a number, got "${text}"` };
    case 'boolean':
      return text === 'true' || text === 'false'
        ? { ok: true, value: text === 'true' }
        : { ok: false, problem: `expected true or false, got "${text}"` };
    case 'duration':
    case 'rate':
    case 'count-or-share':
      // Validation judges the spelling; a bare number keeps its number type, as YAML would.
      return { ok: true, value: numeric ? Number(text) : text };
  }
}

function setPath(
  root: Record<string, unknown>,
  segments: readonly string[],
  value: unknown,
): string | undefined {
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    const container = node as Record<string, unknown> | unknown[];
    if (Array.isArray(container)) {
      const index = Number(segment);
      if (!Number.isInteger(index) || index < 0 || index > container.length) {
        return `index ${segment} is outside the list of ${container.length} item(s)`;
      }
      if (last) container[index] = value;
      else {
        if (
          container[index] === undefined ||
          container[index] === null ||
          typeof container[index] !== 'object'
        )
          container[index] = {};
        node = container[index];
      }
      continue;
    }
    if (last) {
      container[segment] = value;
    } else {
      const next = container[segment];
      if (next === undefined || next === null || typeof next !== 'object' || typeof next === 'string') {
        container[segment] = /^\d+$/.test(segments[i + 1] as string) ? [] : {};
      }
      node = container[segment];
    }
  }
  return undefined;
}

function setHoldTime(root: Record<string, unknown>, text: string): string | undefined {
  const total = parseDuration(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  if (!total.ok) return `--duration ${text}: ${total.problem}`;
  const stages = Array.isArray(root.stages) ? (root.stages as unknown[]) : [];
  const holds = stages.filter(
    (stage): stage is Record<string, unknown> =>
      stage !== null && typeof stage === 'object' && 'hold' in stage,
  );
  if (holds.length === 0)
    return `--duration ${text}: the scenario has no hold stage to set; add one such as { hold: 1m }`;
  const durations = holds.map((stage) => {
    const parsed = parseDuration(stage.hold);
    return parsed.ok ? parsed.value : 0;
  });
  const sum = durations.reduce((a, b) => a + b, 0);
  holds.forEach((stage, index) => {
    const share = sum > 0 ? (durations[index] as number) / sum : 1 / holds.length;
    stage.hold = Math.round(total.value * share);
  });
  return undefined;
}
