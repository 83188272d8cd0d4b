/**
 * A notification a device sends on its own, as a sensor or a button would, for ANY model
 * (PROTOCOL.md section 2): a new valid value of one of its notify properties (outside the
 * device information service), or one of its model's events. Which one, and the value, are
 * drawn from the caller's seeded stream. Nothing to notify (no notify property that can
 * change, no event): `undefined`.
 */

import type { Random } from '../../src/index.js';
import {
  DEFAULT_MAX_LENGTH,
  DEVICE_INFORMATION_SIID,
  type PropertySpec,
  type PropertyValue,
} from '../../src/model/index.js';
import type { Notification } from '../../src/protocol/index.js';
import { nearestValidNumber, numericBounds } from '../behaviours/valid-values.js';
import type { DeviceEngine } from '../engine/types.js';

type Candidate =
  | { readonly kind: 'property'; readonly siid: number; readonly spec: PropertySpec }
  | { readonly kind: 'event'; readonly siid: number; readonly eiid: number };

export function ownNotification(engine: DeviceEngine, random: Random): Notification | undefined {
  const candidates = candidatesOf(engine);
  if (candidates.length === 0) return undefined;
  const start = random.int(0, candidates.length - 1);
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[(start + i) % candidates.length]!;
    if (candidate.kind === 'event') {
      const event = engine.emitEvent(candidate.siid, candidate.eiid);
      if (event) return event;
      continue;
    }
    const { siid, spec } = candidate;
    const next = otherValidValue(spec, engine.read(siid, spec.piid), random);
    if (next === undefined) continue;
    const notification = engine.changeByItself(siid, spec.piid, next);
    if (notification) return notification;
  }
  return undefined;
}

function candidatesOf(engine: DeviceEngine): Candidate[] {
  const out: Candidate[] = [];
  for (const service of engine.model.services) {
    if (service.siid !== DEVICE_INFORMATION_SIID)
      for (const spec of service.properties)
        if (spec.access.includes('notify')) out.push({ kind: 'property', siid: service.siid, spec });
    for (const event of service.events) out.push({ kind: 'event', siid: service.siid, eiid: event.eiid });
  }
  return out;
}

/** A value valid for `spec` that differs from `current`, or `undefined` when the property can hold only one. */
export function otherValidValue(
  spec: PropertySpec,
  current: unknown,
  random: Random,
): PropertyValue | undefined {
  if (spec.values) {
    const others = spec.values.filter((v) => v.value !== current);
    return others.length === 0 ? undefined : random.pick(others).value;
  }
  if (spec.format === 'bool') return current !== true;
  if (spec.format === 'string') {
    const max = Math.min(spec.maxLength ?? DEFAULT_MAX_LENGTH, 8);
    if (max < 1) return current === '' ? undefined : '';
    for (let tries = 0; tries < 4; tries++) {
      const length = random.int(1, max);
      let text = '';
      for (let i = 0; i < length; i++) text += String.fromCharCode(97 + random.int(0, 25));
      if (text !== current) return text;
    }
    return undefined;
  }
  const { min, max, step } = numericBounds(spec);
  if (max <= min) return undefined;
  for (let tries = 0; tries < 8; tries++) {
    const value =
      step > 0
        ? nearestValidNumber(spec, min + random.int(0, Math.round((max - min) / step)) * step)
        : nearestValidNumber(spec, min + random.next() * (max - min));
    if (value !== current) return value;
  }
  const from = typeof current === 'number' ? current : min;
  const fallback = nearestValidNumber(spec, from === max ? min : max);
  return fallback === current ? undefined : fallback;
}
