/**
 * The request schedule (open model): request k is intended at k / rate seconds, whatever the
 * cloud does. Its target, kind and body depend only on (seed, k), and the target is one of the
 * devices the plan has connected and settled at that time, so any shard can compute any slice
 * and the shards together send exactly the requests of one run.
 */

import type { Random } from '../../src/index.js';
import type { DeviceModel, PropertySpec } from '../../src/model/index.js';
import { hasAccess } from '../../src/model/index.js';
import type { RequestMix } from '../scenario/types.js';
import { STREAM, streamFor } from './derive.js';
import { availableAt, type Timeline } from './timeline.js';
import { randomValue } from './values.js';

export type RequestKind = 'get' | 'set' | 'action';

export interface ScheduleOptions {
  readonly seed: number;
  readonly ratePerS: number;
  readonly mix: RequestMix;
  readonly timeline: Timeline;
  readonly settleMs: number;
  readonly deadlineMs: number;
}

export interface ScheduledRequest {
  readonly index: number;
  readonly intendedMs: number;
  /** Position of the target device in the connect order. */
  readonly position: number;
  readonly kind: RequestKind;
  /** The stream the request's body is drawn from (continue it with `requestBody`). */
  readonly random: Random;
}

/** How many request slots the schedule has (before dropping those with no device available). */
export function requestSlots(options: ScheduleOptions): number {
  if (options.ratePerS <= 0) return 0;
  return Math.max(0, Math.ceil((options.timeline.stagesEndMs * options.ratePerS) / 1000 - 1e-9));
}

export function intendedTimeMs(options: Pick<ScheduleOptions, 'ratePerS'>, index: number): number {
  return (index * 1000) / options.ratePerS;
}

/** Request `index`, or undefined when the plan has no device to address at its time. */
export function scheduledRequest(options: ScheduleOptions, index: number): ScheduledRequest | undefined {
  const intendedMs = intendedTimeMs(options, index);
  const available = availableAt(options.timeline, intendedMs, options.settleMs, options.deadlineMs);
  if (available <= 0) return undefined;
  const random = streamFor(options.seed, STREAM.request, index);
  const position = Math.min(available - 1, Math.floor(random.next() * available));
  const draw = random.next();
  const kind: RequestKind =
    draw < options.mix.get ? 'get' : draw < options.mix.get + options.mix.set ? 'set' : 'action';
  return { index, intendedMs, position, kind, random };
}

/** What a model offers for load traffic; the telemetry property is left out of writes. */
export interface ModelTraffic {
  readonly readable: readonly { readonly siid: number; readonly piid: number }[];
  readonly writable: readonly { readonly siid: number; readonly piid: number; readonly spec: PropertySpec }[];
  readonly actions: readonly {
    readonly siid: number;
    readonly aiid: number;
    readonly inSpecs: readonly PropertySpec[];
  }[];
}

export function modelTraffic(model: DeviceModel, exclude?: { siid: number; piid: number }): ModelTraffic {
  const readable: { siid: number; piid: number }[] = [];
  const writable: { siid: number; piid: number; spec: PropertySpec }[] = [];
  const actions: { siid: number; aiid: number; inSpecs: PropertySpec[] }[] = [];
  for (const service of model.services) {
    for (const property of service.properties) {
      if (hasAccess(property, 'read')) readable.push({ siid: service.siid, piid: property.piid });
      const excluded = exclude?.siid === service.siid && exclude.piid === property.piid;
      if (hasAccess(property, 'write') && !excluded)
        writable.push({ siid: service.siid, piid: property.piid, spec: property });
    }
    for (const action of service.actions) {
      const inSpecs = action.in.map(
        (piid) => service.properties.find((p) => p.piid === piid) as PropertySpec,
      );
      actions.push({ siid: service.siid, aiid: action.aiid, inSpecs });
    }
  }
  return { readable, writable, actions };
}

export type RequestBody =
  | { readonly method: 'get_properties'; readonly params: readonly { siid: number; piid: number }[] }
  | {
      readonly method: 'set_properties';
      readonly params: readonly { siid: number; piid: number; value: unknown }[];
    }
  | {
      readonly method: 'action';
      readonly params: { siid: number; aiid: number; in: readonly { piid: number; value: unknown }[] };
    };

/**
 * The body of a request of `kind` for a device with `traffic`. A kind the model cannot serve
 * (no writable property, no action) becomes a read, which every model serves (service 1).
 */
export function requestBody(kind: RequestKind, traffic: ModelTraffic, random: Random): RequestBody {
  if (kind === 'set' && traffic.writable.length > 0) {
    const target = random.pick(traffic.writable);
    return {
      method: 'set_properties',
      params: [{ siid: target.siid, piid: target.piid, value: randomValue(target.spec, random) }],
    };
  }
  if (kind === 'action' && traffic.actions.length > 0) {
    const action = random.pick(traffic.actions);
    const inItems = action.inSpecs.map((spec) => ({ piid: spec.piid, value: randomValue(spec, random) }));
    return { method: 'action', params: { siid: action.siid, aiid: action.aiid, in: inItems } };
  }
  const target = random.pick(traffic.readable);
  return { method: 'get_properties', params: [{ siid: target.siid, piid: target.piid }] };
}
