/**
 * `validateModel`: the whole of PROTOCOL.md section 2 applied to any JSON value, every problem
 * reported at once with its JSON path and a fix (EDP-MODEL-1). It never throws.
 *
 * The checks live in ./validation/, one concept per file; this file checks the top level,
 * runs the services, and builds the normalised model.
 */
import { MAX_MESSAGE_DEPTH, pathDeeperThan } from '../bounded-json.js';
import { MAX_MESSAGE_BYTES, MAX_REQUEST_ID } from '../protocol/codes.js';
import type { DeviceModel } from './types.js';
import { checkDeviceInformation } from './validation/device-information.js';
import { isNonEmptyString, isObject, kindOf } from './validation/json.js';
import { type ModelProblem, ProblemCollector } from './validation/problems.js';
import { checkService, type ServiceAnalysis, UniqueIds } from './validation/service.js';

export { formatProblem, type ModelProblem } from './validation/problems.js';

export type ModelValidation =
  | { readonly ok: true; readonly model: DeviceModel }
  | { readonly ok: false; readonly problems: ModelProblem[] };

export function validateModel(json: unknown): ModelValidation {
  const problems = new ProblemCollector();
  try {
    checkDocument(json, problems);
  } catch (error) {
    // Defensive: hostile non-JSON inputs (getters, proxies) must still give an answer.
    problems.add(
      '$',
      `the model could not be read: ${error instanceof Error ? error.message : String(error)}`,
      'Pass a plain JSON document.',
    );
  }
  if (problems.count > 0) return { ok: false, problems: problems.list() };
  const model = normalise(json);
  if (model === undefined) {
    return {
      ok: false,
      problems: [
        {
          path: '$',
          message: 'the model is not plain JSON data',
          fix: 'Pass a document parsed from JSON text.',
        },
      ],
    };
  }
  const served = servedBytes(model);
  if (served > MAX_MESSAGE_BYTES) {
    return {
      ok: false,
      problems: [
        {
          path: '$',
          message: `the model is too large to serve: its get_model response is ${served} bytes, over the ${MAX_MESSAGE_BYTES}-byte message limit, so no device can send it (get_model and the retained model topic would break EDP-RPC-6)`,
          fix: 'Shorten descriptions and names, or drop values lists and services the device does not need.',
        },
      ],
    };
  }
  // The response {"result": model} adds one level; no message may nest deeper than MAX_MESSAGE_DEPTH.
  const tooDeep = pathDeeperThan(model, MAX_MESSAGE_DEPTH - 1);
  if (tooDeep !== undefined) {
    return {
      ok: false,
      problems: [
        {
          path: tooDeep.slice(0, 300),
          message: `the model nests arrays and objects deeper than ${MAX_MESSAGE_DEPTH - 1} levels here, so its get_model response would nest deeper than the ${MAX_MESSAGE_DEPTH} levels fleetcert reads in a message (EDP-RPC-6)`,
          fix: 'Flatten the members you added: a model of section 2 nests about 7 levels.',
        },
      ],
    };
  }
  return { ok: true, model };
}

/** UTF-8 bytes of `{"id":2147483647,"result":<model>}`, the largest get_model response (section 3). */
export function servedBytes(model: DeviceModel): number {
  return Buffer.byteLength(JSON.stringify({ id: MAX_REQUEST_ID, result: model }), 'utf8');
}

function checkDocument(json: unknown, problems: ProblemCollector): void {
  if (!isObject(json)) {
    problems.add(
      '$',
      `a model must be a JSON object, got ${kindOf(json)}`,
      'Write the model as { "edp": 1, "type", "model", "services": [...] }.',
    );
    return;
  }
  if (json.edp !== 1) {
    problems.add(
      '$.edp',
      json.edp === undefined ? 'edp is missing' : `edp must be 1 (this is EDP/1), got ${kindOf(json.edp)}`,
      'Write "edp": 1.',
    );
  }
  if (!isNonEmptyString(json.type)) {
    problems.add(
      '$.type',
      `type must be a non-empty string, got ${kindOf(json.type)}`,
      'Say what kind of device this is, e.g. "bulb".',
    );
  }
  if (!isNonEmptyString(json.model)) {
    problems.add(
      '$.model',
      `model must be a non-empty string (the model id), got ${kindOf(json.model)}`,
      'Give the model id, e.g. "acme.bulb.a19".',
    );
  }
  if (!Array.isArray(json.services)) {
    problems.add(
      '$.services',
      `services must be an array, got ${kindOf(json.services)}`,
      'List the services, starting with service 1, device-information.',
    );
    return;
  }
  const siids = new UniqueIds('siid', '$.services');
  const services: ServiceAnalysis[] = json.services.map((raw: unknown, i: number) => {
    const analysis = checkService(raw, `$.services[${i}]`, problems);
    if (isObject(raw)) siids.check(raw.siid, i, problems);
    return analysis;
  });
  checkDeviceInformation(services, '$.services', problems);
}

/** A deep, frozen copy with the lists that may be omitted filled in as empty. */
function normalise(json: unknown): DeviceModel | undefined {
  let copy: Record<string, unknown>;
  try {
    copy = structuredClone(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  for (const service of copy.services as Record<string, unknown>[]) {
    service.properties ??= [];
    service.actions ??= [];
    service.events ??= [];
    for (const action of service.actions as Record<string, unknown>[]) {
      action.in ??= [];
      action.out ??= [];
      action.effects ??= [];
    }
    for (const event of service.events as Record<string, unknown>[]) event.arguments ??= [];
  }
  return deepFreeze(copy) as unknown as DeviceModel;
}

function deepFreeze(value: unknown, seen = new Set<unknown>()): unknown {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  for (const item of Object.values(value)) deepFreeze(item, seen);
  return Object.freeze(value);
}
