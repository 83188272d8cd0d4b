/**
 * fast-check arbitrary of the state a run starts from: a valid value for every writable,
 * non-volatile property. The harness writes these before the run's commands (after reading
 * everything), so a run, and its replay, starts from the same state whatever the device held.
 */
import fc from 'fast-check';
import type { PropertyValue } from '../../src/model/index.js';
import type { ModelIndex, PropertyKey } from '../judge/model-index.js';
import { propertyValue } from './property-value.js';

export type InitialState = ReadonlyMap<PropertyKey, PropertyValue>;

export function initialState(index: ModelIndex): fc.Arbitrary<InitialState> {
  const targets = index.properties.filter((p) => p.writable && !p.volatile);
  return fc
    .tuple(...targets.map((p) => propertyValue(p.spec)))
    .map((values) => new Map(targets.map((p, i) => [p.key, values[i] as PropertyValue])));
}
