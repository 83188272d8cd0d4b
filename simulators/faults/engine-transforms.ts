/**
 * The pure pieces of the engine-layer planted bugs: how a wrong answer is made wrong.
 * The engine decides *when* (its named hook points, see docs/faults.md); these say *how*,
 * for any model, so each fault works on every model that has the feature it needs.
 */

import type { PropertySpec, PropertyValue } from '../../src/model/index.js';
import {
  fitsStep,
  INTEGER_LIMITS,
  isIntegerFormat,
  isNumericFormat,
  isValidValue,
} from '../../src/model/index.js';
import type { EventArgument, Request, Response } from '../../src/protocol/index.js';
import { EnvelopeCode, ItemCode, MAX_BATCH_ITEMS } from '../../src/protocol/index.js';

/**
 * serve-oversized-batch (EDP-RPC-4): the request a frame would be if batches had no 16-item
 * limit, when that is the only thing wrong with it.
 */
export function oversizedBatchRequest(frame: Uint8Array | string): Request | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof frame === 'string' ? frame : new TextDecoder().decode(frame));
  } catch {
    return undefined;
  }
  const { id, method, params } = (parsed ?? {}) as { id?: unknown; method?: unknown; params?: unknown };
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) return undefined;
  if (method !== 'get_properties' && method !== 'set_properties') return undefined;
  if (!Array.isArray(params) || params.length <= MAX_BATCH_ITEMS) return undefined;
  if (!params.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p))) return undefined;
  return { id, method, params } as Request;
}

/** reorder-batch (EDP-RPC-3): the batch results in reverse order. */
export function reorderBatch<T>(items: readonly T[]): T[] {
  return [...items].reverse();
}

/** batch-length-mismatch (EDP-RPC-3): one item short, or one too many for a single item. */
export function mismatchBatchLength<T>(items: readonly T[]): T[] {
  if (items.length >= 2) return items.slice(0, -1);
  return items.length === 1 ? [items[0] as T, items[0] as T] : items.slice();
}

/**
 * A value of the JSON type the format needs (a whole number for integer formats) that is
 * invalid only by range, limits, step, `values` or `maxLength`: what accept-out-of-range stores.
 */
export function isOutOfRangeOnly(spec: PropertySpec, value: unknown): boolean {
  if (value === undefined || isValidValue(spec, value)) return false;
  if (spec.format === 'bool') return false;
  if (spec.format === 'string') return typeof value === 'string';
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return spec.format === 'float' || Number.isInteger(value);
}

/**
 * accept-off-grid (EDP-PROP-4): a number within the range but between two grid points (for an
 * integer format with step 1, a fraction), the only thing wrong with it.
 */
export function isOffGridOnly(spec: PropertySpec, value: unknown): boolean {
  if (spec.range === undefined || typeof value !== 'number' || !Number.isFinite(value)) return false;
  const [min, max, step] = spec.range;
  return value >= min && value <= max && !fitsStep(value, min, step);
}

/**
 * accept-unlisted-value (EDP-PROP-4): a value that `values` does not list, of the right JSON
 * type and within the format's limits and maxLength: valid but for the enumeration.
 */
export function isUnlistedOnly(spec: PropertySpec, value: unknown): boolean {
  if (spec.values === undefined || value === undefined || isValidValue(spec, value)) return false;
  const { values: _listed, ...open } = spec;
  return isValidValue(open, value);
}

/**
 * silent-clamp (EDP-PROP-4): the valid number nearest to an out-of-range `value`, clamped
 * into range and format limits and snapped to the step; `undefined` when the property has
 * no numeric bounds to clamp to (enumerations, strings).
 */
export function clampIntoSpec(spec: PropertySpec, value: unknown): number | undefined {
  if (!isOutOfRangeOnly(spec, value) || typeof value !== 'number' || spec.values) return undefined;
  if (!isNumericFormat(spec.format)) return undefined;
  let result = value;
  if (isIntegerFormat(spec.format)) {
    const [lo, hi] = INTEGER_LIMITS[spec.format];
    result = Math.min(Math.max(result, lo), hi);
  }
  if (spec.range) {
    const [min, max, step] = spec.range;
    const count = Math.round((max - min) / step);
    const k = Math.min(Math.max(Math.round((result - min) / step), 0), count);
    result = k === count ? max : Number((min + k * step).toPrecision(15));
  }
  return isValidValue(spec, result) ? result : undefined;
}

/**
 * invalid-event-arguments (EDP-NOTIFY-3): a value no property of this spec may hold,
 * preferring a near miss (just past the range, outside the enumeration) to a wrong type.
 */
export function invalidValueFor(spec: PropertySpec): unknown {
  const candidates: unknown[] = [];
  if (spec.range) candidates.push(spec.range[1] + spec.range[2], spec.range[0] - spec.range[2]);
  if (spec.values) {
    const numbers = spec.values.map((v) => v.value).filter((v): v is number => typeof v === 'number');
    if (numbers.length > 0) candidates.push(Math.max(...numbers) + 1);
    candidates.push(`${String(spec.values[0]?.value ?? '')}-not-a-value`);
  }
  if (isIntegerFormat(spec.format)) candidates.push(INTEGER_LIMITS[spec.format][1] + 1, 0.5);
  candidates.push(spec.format === 'string' ? 0 : 'not-a-value');
  return candidates.find((candidate) => !isValidValue(spec, candidate));
}

/** wrong-item-code on writes (EDP-PROP-4): -4002 and -4005 swapped. */
export function wrongWriteCode(code: number): number {
  if (code === ItemCode.notWritable) return ItemCode.invalidValue;
  if (code === ItemCode.invalidValue) return ItemCode.notWritable;
  return code;
}

/** wrong-item-code on reads (EDP-PROP-2): -4003 where -4001 is due. */
export function wrongReadCode(code: number): number {
  return code === ItemCode.notReadable ? ItemCode.notFound : code;
}

/** bad-envelope-code (EDP-RPC-4): each envelope code swapped with its neighbour. */
export function wrongEnvelopeCode(code: number): number {
  switch (code) {
    case EnvelopeCode.parseError:
      return EnvelopeCode.invalidRequest;
    case EnvelopeCode.invalidRequest:
      return EnvelopeCode.parseError;
    case EnvelopeCode.methodNotFound:
      return EnvelopeCode.invalidParams;
    case EnvelopeCode.invalidParams:
      return EnvelopeCode.methodNotFound;
    default:
      return EnvelopeCode.invalidRequest;
  }
}

/** invalid-event-arguments (EDP-NOTIFY-3): the first argument made invalid, or a bogus one added. */
export function corruptEventArguments(
  args: readonly EventArgument[],
  specs: readonly PropertySpec[],
): EventArgument[] {
  const [first, ...rest] = args;
  const spec = specs[0];
  if (!first || !spec) return [...args, { piid: 0, value: 0 }];
  return [{ piid: first.piid, value: invalidValueFor(spec) as PropertyValue }, ...rest];
}

/** id-as-string (EDP-RPC-1): the response id echoed as a string. */
export function withIdAsString(response: Response): Response {
  return response.id === null ? response : ({ ...response, id: String(response.id) } as unknown as Response);
}

/** result-and-error (EDP-RPC-2): a response carrying both members. */
export function withResultAndError(response: Response): Response {
  const both =
    'result' in response
      ? { ...response, error: { code: -32603, message: 'internal error' } }
      : { ...response, result: null };
  return both as unknown as Response;
}
