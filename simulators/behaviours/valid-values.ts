/**
 * Turning a behaviour's continuous quantity into a value its model allows (PROTOCOL.md
 * section 2: range, step, format limits), and finding properties by name, so a concept
 * works on any model that names its parts the same way.
 */

import type { DeviceModel, PropertySpec } from '../../src/model/index.js';
import { INTEGER_LIMITS, isIntegerFormat } from '../../src/model/index.js';

/** The numeric bounds of a property: its range, else its format's limits (floats: ±1e9). */
export function numericBounds(spec: PropertySpec): { min: number; max: number; step: number } {
  if (spec.range) return { min: spec.range[0], max: spec.range[1], step: spec.range[2] };
  if (isIntegerFormat(spec.format)) {
    const [min, max] = INTEGER_LIMITS[spec.format];
    return { min, max, step: 1 };
  }
  return { min: -1e9, max: 1e9, step: 0 };
}

/**
 * The valid number nearest to `x`: clamped to the bounds, snapped to the step (whole numbers
 * for integer formats), written without float noise (0.1 + 0.2 becomes 0.3).
 */
export function nearestValidNumber(spec: PropertySpec, x: number): number {
  const { min, max, step } = numericBounds(spec);
  const clamped = Number.isFinite(x) ? Math.min(Math.max(x, min), max) : min;
  if (step > 0) {
    const count = Math.round((max - min) / step);
    const k = Math.min(Math.max(Math.round((clamped - min) / step), 0), count);
    if (k === count) return max;
    const digits = Math.max(decimalsOf(min), decimalsOf(step));
    return digits <= 20 ? Number((min + k * step).toFixed(digits)) : Number((min + k * step).toPrecision(15));
  }
  return isIntegerFormat(spec.format) ? Math.round(clamped) : clamped;
}

/** Digits after the decimal point as the number is written (`0.25` → 2); large for exponent forms. */
function decimalsOf(n: number): number {
  const text = String(n);
  if (text.includes('e')) return 99;
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

export interface FoundProperty {
  readonly siid: number;
  readonly piid: number;
  readonly spec: PropertySpec;
}

/** The property `propertyName` of the service `serviceName`, when the model has one of a numeric format. */
export function findNumeric(
  model: DeviceModel,
  serviceName: string,
  propertyName: string,
): FoundProperty | undefined {
  const found = findProperty(model, serviceName, propertyName);
  return found && found.spec.format !== 'bool' && found.spec.format !== 'string' && !found.spec.values
    ? found
    : undefined;
}

export function findProperty(
  model: DeviceModel,
  serviceName: string,
  propertyName: string,
): FoundProperty | undefined {
  for (const service of model.services) {
    if (service.name !== serviceName) continue;
    const spec = (service.properties ?? []).find((p) => p.name === propertyName);
    if (spec) return { siid: service.siid, piid: spec.piid, spec };
  }
  return undefined;
}

export function findEvent(
  model: DeviceModel,
  serviceName: string,
  eventName: string,
): { siid: number; eiid: number } | undefined {
  for (const service of model.services) {
    if (service.name !== serviceName) continue;
    const event = (service.events ?? []).find((e) => e.name === eventName);
    if (event) return { siid: service.siid, eiid: event.eiid };
  }
  return undefined;
}
