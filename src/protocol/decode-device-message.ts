/**
 * The controller side of section 3: what a device sent, classified by shape alone. A frame
 * that is not a message of section 3 is `invalid` and counts as not sent (EDP-RPC-6); one
 * with both `result` and `error` breaks EDP-RPC-2. Values are not judged against a model
 * here: that is the judge's job, with the model in hand.
 */
import { MAX_MESSAGE_DEPTH } from '../bounded-json.js';
import { MAX_BATCH_ITEMS, MAX_MESSAGE_BYTES } from './codes.js';
import { isRequestId } from './decode-request.js';
import { describeJson, isJsonObject, jsonKind, member, readFrame } from './frame.js';
import type {
  DeviceMessage,
  ErrorObject,
  EventArgument,
  EventOccurredParams,
  HelloParams,
  Notification,
  PropertyChangedItem,
} from './types.js';

export interface DecodeDeviceMessageOptions {
  /** The frame arrived as a WebSocket binary frame; section 6 allows text frames only. */
  readonly binary?: boolean;
}

const MAX_IID = 65_535;

/** Never throws, whatever the input. */
export function decodeDeviceMessage(
  frame: Uint8Array | string,
  options: DecodeDeviceMessageOptions = {},
): DeviceMessage {
  const read = readFrame(frame);
  if (!read.ok) {
    switch (read.problem) {
      case 'oversize':
        return invalid(
          `message is ${read.bytes} bytes, over the limit of ${MAX_MESSAGE_BYTES} (EDP-RPC-6)`,
          read.text,
        );
      case 'not-utf8':
        return invalid('message is not valid UTF-8 (EDP-RPC-6)', read.text);
      case 'not-json':
        return invalid('message is not valid JSON (EDP-RPC-6)', read.text);
      case 'too-deep':
        return invalid(
          `message nests arrays and objects deeper than ${MAX_MESSAGE_DEPTH} levels (at ${read.path.slice(0, 200)}); no message of section 3 does (EDP-RPC-6)`,
          read.text,
        );
    }
  }
  const { text, value } = read;
  if (options.binary === true)
    return invalid('sent in a binary frame; messages go in text frames', text, value);
  if (!isJsonObject(value))
    return invalid(`message must be a JSON object, got ${jsonKind(value)}`, text, value);
  try {
    return classify(value, text);
  } catch {
    // Unreachable by design: a harness must be able to record any frame a device sends.
    return invalid('message could not be classified', text, value);
  }
}

function classify(body: Record<string, unknown>, text: string): DeviceMessage {
  const hasResult = Object.hasOwn(body, 'result');
  const hasError = Object.hasOwn(body, 'error');
  if (hasResult && hasError) return invalid('response has both result and error (EDP-RPC-2)', text, body);
  if (hasResult || hasError) return classifyResponse(body, hasError, text);
  if (Object.hasOwn(body, 'method')) return classifyNotification(body, text);
  return invalid('message is neither a response (result or error) nor a notification (method)', text, body);
}

function classifyResponse(body: Record<string, unknown>, hasError: boolean, text: string): DeviceMessage {
  if (!Object.hasOwn(body, 'id')) return invalid('response has no id', text, body);
  const id = body.id;
  if (id !== null && !isRequestId(id)) {
    return invalid(
      `response id must be an integer from 1 to 2147483647 or null, got ${describeJson(id)} (${jsonKind(id)})`,
      text,
      body,
    );
  }
  if (!hasError) {
    // Only an envelope error may carry id null: a result always answers a request whose id was read.
    if (id === null)
      return invalid('a response with a result must carry the request id, got null', text, body);
    return { kind: 'response', id, result: body.result };
  }
  const error = body.error;
  if (!isJsonObject(error)) return invalid(`error must be an object, got ${jsonKind(error)}`, text, body);
  const code = member(error, 'code');
  const message = member(error, 'message');
  if (typeof code !== 'number' || !Number.isInteger(code)) {
    return invalid(`error code must be an integer, got ${describeJson(code)}`, text, body);
  }
  if (typeof message !== 'string')
    return invalid(`error message must be a string, got ${jsonKind(message)}`, text, body);
  const errorObject: ErrorObject = { code, message };
  return { kind: 'error-response', id, error: errorObject };
}

function classifyNotification(body: Record<string, unknown>, text: string): DeviceMessage {
  const method = body.method;
  if (Object.hasOwn(body, 'id')) {
    return invalid(
      `message has a method and an id: a notification has no id, and devices send no requests`,
      text,
      body,
    );
  }
  const params = member(body, 'params');
  let problem: string | undefined;
  let notification: Notification | undefined;
  switch (method) {
    case 'properties_changed':
      problem = propertiesChangedProblem(params);
      if (problem === undefined) notification = { method, params: params as PropertyChangedItem[] };
      break;
    case 'event_occurred':
      problem = eventOccurredProblem(params);
      if (problem === undefined) notification = { method, params: params as EventOccurredParams };
      break;
    case 'hello':
      problem = helloProblem(params);
      if (problem === undefined) notification = { method, params: params as HelloParams };
      break;
    default:
      return invalid(
        `unknown notification method ${describeJson(method)}; expected properties_changed, event_occurred or hello`,
        text,
        body,
      );
  }
  if (notification === undefined) return invalid(`${method}: ${problem}`, text, body);
  return { kind: 'notification', notification };
}

function propertiesChangedProblem(params: unknown): string | undefined {
  const shape = `params must be an array of 1 to ${MAX_BATCH_ITEMS} items { siid, piid, value }`;
  if (!Array.isArray(params)) return `${shape}, got ${jsonKind(params)}`;
  if (params.length === 0 || params.length > MAX_BATCH_ITEMS) return `${shape}, got ${params.length} items`;
  for (const [index, item] of params.entries()) {
    const problem = addressedValueProblem(item, ['siid', 'piid']);
    if (problem !== undefined) return `item ${index}: ${problem}`;
  }
  return undefined;
}

function eventOccurredProblem(params: unknown): string | undefined {
  if (!isJsonObject(params))
    return `params must be an object { siid, eiid, arguments }, got ${jsonKind(params)}`;
  const idProblem = iidProblem(params, 'siid') ?? iidProblem(params, 'eiid');
  if (idProblem !== undefined) return idProblem;
  const args = member(params, 'arguments');
  if (!Array.isArray(args)) return `arguments must be an array of { piid, value }, got ${jsonKind(args)}`;
  for (const [index, argument] of args.entries()) {
    const problem = addressedValueProblem(argument, ['piid']);
    if (problem !== undefined) return `argument ${index}: ${problem}`;
  }
  return undefined;
}

function helloProblem(params: unknown): string | undefined {
  if (!isJsonObject(params))
    return `params must be an object { deviceId, model, fw }, got ${jsonKind(params)}`;
  for (const name of ['deviceId', 'model', 'fw'] as const) {
    const value = member(params, name);
    if (typeof value !== 'string') return `${name} must be a string, got ${jsonKind(value)}`;
  }
  return undefined;
}

function addressedValueProblem(item: unknown, ids: readonly string[]): string | undefined {
  if (!isJsonObject(item)) return `expected an object, got ${jsonKind(item)}`;
  for (const name of ids) {
    const problem = iidProblem(item, name);
    if (problem !== undefined) return problem;
  }
  const value = member(item, 'value');
  if (!isWireValue(value))
    return `value must be true, false, a number or a string, got ${describeJson(value)}`;
  return undefined;
}

function iidProblem(object: Record<string, unknown>, name: string): string | undefined {
  const value = member(object, name);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_IID)
    return undefined;
  return `${name} must be an integer from 1 to ${MAX_IID}, got ${describeJson(value)}`;
}

/** A value of some format (section 2): a boolean, a finite number or a string. */
function isWireValue(value: unknown): value is EventArgument['value'] {
  return (
    typeof value === 'boolean' ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function invalid(reason: string, raw: string, parsed?: unknown): DeviceMessage {
  return parsed === undefined ? { kind: 'invalid', reason, raw } : { kind: 'invalid', reason, raw, parsed };
}
