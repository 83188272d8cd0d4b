/**
 * Telemetry with sequence numbers that need no change to the protocol: each device publishes
 * volatile updates of one property on a fixed grid of intended times (phase + j · period), and
 * update j carries the j-th value of the property's value grid (mod its size). The receiver
 * recovers j from the value and the time it arrives, so loss, duplicates and reordering are
 * counted per device, and delivery latency is taken from the INTENDED publish time.
 */

import type { DeviceModel, PropertySpec, PropertyValue } from '../../src/model/index.js';
import { hasAccess } from '../../src/model/index.js';
import { STREAM, uniformAt } from './derive.js';
import { gridSize, indexOf, valueAt } from './values.js';

/** Below this many distinct values a sequence number wraps too soon to be read back. */
export const MIN_TELEMETRY_GRID = 16;

export interface TelemetryProperty {
  readonly siid: number;
  readonly piid: number;
  readonly spec: PropertySpec;
  /** Distinct values used: sequence numbers are read back modulo this. */
  readonly modulus: number;
}

/**
 * The property that carries a model's telemetry: volatile, notifying, not writable and not
 * changed by any action (so only telemetry changes it), with the largest value grid.
 * Undefined when the model has none (such devices publish no telemetry; the report says so).
 */
export function telemetryProperty(model: DeviceModel): TelemetryProperty | undefined {
  let best: TelemetryProperty | undefined;
  for (const service of model.services) {
    const touched = new Set<number>();
    for (const action of service.actions) {
      for (const effect of action.effects) if (effect.op !== 'emit') touched.add(effect.piid);
    }
    for (const spec of service.properties) {
      if (!spec.volatile || !hasAccess(spec, 'notify') || hasAccess(spec, 'write') || touched.has(spec.piid))
        continue;
      const modulus = Math.min(gridSize(spec), 1 << 30);
      if (modulus < MIN_TELEMETRY_GRID) continue;
      if (!best || modulus > best.modulus) best = { siid: service.siid, piid: spec.piid, spec, modulus };
    }
  }
  return best;
}

export function sequenceValue(property: TelemetryProperty, sequence: number): PropertyValue {
  return valueAt(property.spec, sequence % property.modulus);
}

/** The per-device phase of the telemetry grid, spread over one period. */
export function telemetryPhaseMs(seed: number, position: number, periodMs: number): number {
  return uniformAt(seed, STREAM.telemetryPhase, position) * periodMs;
}

export function intendedPublishMs(phaseMs: number, periodMs: number, sequence: number): number {
  return phaseMs + sequence * periodMs;
}

/**
 * The sequence number of a received value: the latest j ≤ the last one due by `receivedMs`
 * whose value this is. Exact while deliveries are less than `modulus` periods late.
 * Undefined when the value is not on the grid (it is not ours: counted as wrong elsewhere).
 */
export function sequenceOf(
  property: TelemetryProperty,
  value: unknown,
  phaseMs: number,
  periodMs: number,
  receivedMs: number,
): number | undefined {
  const residue = indexOf(property.spec, value);
  if (residue === undefined || residue >= property.modulus) return undefined;
  const due = Math.floor((receivedMs - phaseMs) / periodMs + 1e-9);
  if (due < residue) return residue;
  return due - ((((due - residue) % property.modulus) + property.modulus) % property.modulus);
}
