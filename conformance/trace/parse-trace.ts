/**
 * Reading a trace file that arrived from anywhere: every problem named with its JSON path, so a
 * damaged or foreign file stops with a clear message (exit 2) instead of a crash mid-replay.
 */

import { boundedJsonProblemText, MAX_FILE_DEPTH, parseBoundedJson } from '../../src/index.js';
import { modelBasedRules } from '../catalogue/requirements.js';
import { isRuleId } from '../catalogue/rule-ids.js';
import { TraceFileError } from './errors.js';
import { TRACE_SCHEMA, type TraceFile } from './trace-file.js';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = new Set(['get_properties', 'set_properties', 'action']);

export function traceProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['it is not a JSON object'];
  const problems: string[] = [];
  const need = (ok: boolean, text: string) => {
    if (!ok) problems.push(text);
  };
  if (value.schema !== TRACE_SCHEMA) {
    const schema = typeof value.schema === 'string' ? value.schema : undefined;
    problems.push(
      schema?.startsWith('fleetcert.trace/') === true
        ? `schema is ${JSON.stringify(schema)}: this fleetcert reads ${TRACE_SCHEMA}; replay it with the version that wrote it`
        : `schema must be ${JSON.stringify(TRACE_SCHEMA)}`,
    );
    return problems;
  }
  const modelRules: readonly string[] = modelBasedRules();
  need(
    isRuleId(value.rule) && modelRules.includes(value.rule),
    '$.rule must be a model-based rule id (EDP-RPC-1 … EDP-NOTIFY-3)',
  );
  need(
    isRecord(value.model) &&
      typeof value.model.id === 'string' &&
      /^[0-9a-f]{64}$/.test(String(value.model.sha256)),
    '$.model must be { id, sha256 } with a hex SHA-256',
  );
  need(
    isRecord(value.device) &&
      typeof value.device.id === 'string' &&
      (value.device.binding === 'mqtt' || value.device.binding === 'ws'),
    '$.device must be { id, binding: "mqtt" | "ws" }',
  );
  const timing = value.timing;
  need(
    isRecord(timing) &&
      ['responseDeadlineMs', 'notificationDeadlineMs', 'quietMs'].every(
        (k) => typeof timing[k] === 'number' && Number.isFinite(timing[k]) && (timing[k] as number) >= 0,
      ),
    '$.timing must give responseDeadlineMs, notificationDeadlineMs and quietMs in ms',
  );
  need(
    Array.isArray(value.commands) && value.commands.every((c) => typeof c === 'string'),
    '$.commands must be an array of strings',
  );
  const setup = value.setup;
  need(
    isRecord(setup) &&
      typeof setup.singleItems === 'boolean' &&
      Array.isArray(setup.initialState) &&
      setup.initialState.every((i) => isRecord(i) && isId(i.siid) && isId(i.piid) && 'value' in i),
    '$.setup must be { initialState: [{ siid, piid, value }], singleItems }',
  );
  if (!Array.isArray(value.steps))
    problems.push('$.steps must be an array (empty when the setup alone shows the failure)');
  else
    value.steps.forEach((step, i) => {
      problems.push(...stepProblems(step, `$.steps[${i}]`));
    });
  need(Array.isArray(value.recorded), '$.recorded must be an array');
  need(Array.isArray(value.violations), '$.violations must be an array');
  return problems;
}

function stepProblems(step: unknown, path: string): string[] {
  if (!isRecord(step)) return [`${path} must be an object`];
  const problems: string[] = [];
  if (!Number.isInteger(step.command) || (step.command as number) < 0)
    problems.push(`${path}.command must be a command index`);
  switch (step.kind) {
    case 'request': {
      const r = step.request;
      if (!isRecord(r) || !METHODS.has(String(r.method)))
        problems.push(
          `${path}.request must be { id, method: get_properties | set_properties | action, params }`,
        );
      else if (r.method === 'action' ? !isRecord(r.params) : !Array.isArray(r.params))
        problems.push(`${path}.request.params must be ${r.method === 'action' ? 'an object' : 'an array'}`);
      break;
    }
    case 'malformed':
      if (!isFrame(step.frame)) problems.push(`${path}.frame must be { text } or { base64 }`);
      if (
        typeof step.binary !== 'boolean' ||
        typeof step.carriesId !== 'boolean' ||
        !Number.isInteger(step.code)
      )
        problems.push(`${path} must give binary, carriesId and code`);
      if (!isRecord(step.probe) || !isId(step.probe.siid) || !isId(step.probe.piid))
        problems.push(`${path}.probe must be { siid, piid }`);
      break;
    case 'repeat':
      if (!Number.isInteger(step.back) || (step.back as number) < 1)
        problems.push(`${path}.back must be 1 or more`);
      if (step.body !== null && !(isRecord(step.body) && METHODS.has(String(step.body.method))))
        problems.push(`${path}.body must be null or { method, params }`);
      if (!isFrame(step.frame) || typeof step.binary !== 'boolean')
        problems.push(`${path} must give frame and binary`);
      break;
    default:
      problems.push(`${path}.kind must be request, malformed or repeat`);
  }
  return problems;
}

function isId(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65_535;
}

function isFrame(v: unknown): boolean {
  return (
    isRecord(v) &&
    (typeof v.text === 'string' || (typeof v.base64 === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v.base64)))
  );
}

/** The trace, or a TraceFileError listing every problem (exit 2). */
export function parseTrace(value: unknown, source: string): TraceFile {
  const problems = traceProblems(value);
  if (problems.length > 0) throw new TraceFileError(source, problems);
  return value as TraceFile;
}

/** Parses trace text (JSON), naming the file in the error. */
export function parseTraceText(text: string, source: string): TraceFile {
  // Bounded in depth (src/bounded-json.ts): a trace nested 100,000 deep would overflow the checks.
  const read = parseBoundedJson(text.replace(/^\uFEFF/, ''), {
    maxBytes: Number.POSITIVE_INFINITY,
    maxDepth: MAX_FILE_DEPTH,
  });
  if (!read.ok) {
    throw new TraceFileError(source, [
      read.problem === 'not-json' ? `it is not JSON: ${read.detail}` : boundedJsonProblemText(read, 'it'),
    ]);
  }
  return parseTrace(read.value, source);
}
