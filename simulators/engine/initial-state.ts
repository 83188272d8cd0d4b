/**
 * The state a device starts with (and returns to on `resetState`): a valid value for every
 * property of its model, device information filled in, then the caller's overrides.
 */
import { FleetcertError } from '../../src/index.js';
import {
  codePointLength,
  DEFAULT_MAX_LENGTH,
  DEVICE_INFORMATION_PIIDS,
  DEVICE_INFORMATION_SIID,
  INTEGER_LIMITS,
  isIntegerFormat,
  isValidValue,
  type PropertySpec,
  type PropertyValue,
  valueProblem,
} from '../../src/model/index.js';
import type { CompiledModel } from './compiled-model.js';
import type { StateEntry } from './types.js';

/** A misuse of the engine by its caller (a bad override, an invalid self-made change). */
export class EngineError extends FleetcertError {
  constructor(message: string) {
    super('FLEETCERT_ENGINE', message, { exitCode: 2 });
  }
}

export interface InitialStateInput {
  readonly deviceId: string;
  readonly manufacturer: string;
  readonly firmware: string;
  readonly overrides: readonly StateEntry[];
}

/**
 * A valid value for any property: the first enumerated value; `false`; `''`; the range's
 * minimum; else 0, which every numeric format's limits contain.
 */
export function defaultValue(spec: PropertySpec): PropertyValue {
  const first = spec.values?.[0];
  if (first) return first.value;
  switch (spec.format) {
    case 'bool':
      return false;
    case 'string':
      return '';
    default: {
      if (spec.range) return spec.range[0];
      if (isIntegerFormat(spec.format)) {
        const [lo, hi] = INTEGER_LIMITS[spec.format];
        return Math.min(Math.max(0, lo), hi);
      }
      return 0;
    }
  }
}

/** `text` if the property can hold it; cut to its maxLength if too long; else the default. */
function fitString(spec: PropertySpec, text: string): PropertyValue {
  if (isValidValue(spec, text)) return text;
  const max = spec.maxLength ?? DEFAULT_MAX_LENGTH;
  if (spec.format === 'string' && !spec.values && codePointLength(text) > max) {
    return Array.from(text).slice(0, max).join('');
  }
  return defaultValue(spec);
}

export function initialValues(compiled: CompiledModel, input: InitialStateInput): PropertyValue[] {
  const info: Record<number, string> = {
    [DEVICE_INFORMATION_PIIDS.manufacturer]: input.manufacturer,
    [DEVICE_INFORMATION_PIIDS.model]: compiled.model.model,
    [DEVICE_INFORMATION_PIIDS.serialNumber]: input.deviceId,
    [DEVICE_INFORMATION_PIIDS.firmwareRevision]: input.firmware,
  };
  const values = compiled.properties.map((entry) => {
    const text = entry.siid === DEVICE_INFORMATION_SIID ? info[entry.piid] : undefined;
    return text === undefined ? defaultValue(entry.spec) : fitString(entry.spec, text);
  });
  for (const [index, override] of input.overrides.entries()) {
    const entry = compiled.findProperty(override.siid, override.piid);
    const where = `initialState[${index}] (siid ${override.siid}, piid ${override.piid})`;
    if (!entry) {
      throw new EngineError(
        `${where}: model ${compiled.model.model} has no such property; name one of its properties.`,
      );
    }
    const problem = valueProblem(entry.spec, override.value);
    if (problem !== undefined) {
      throw new EngineError(`${where}: ${problem}; give a value valid for "${entry.spec.name}".`);
    }
    values[entry.slot] = override.value;
  }
  return values;
}
