/**
 * fast-check arbitrary of VALID device models (PROTOCOL.md section 2): every format, ranges with
 * negative mins and fractional steps, enumerations, strings with maxLength, volatile readings,
 * `when` guards on properties and actions, actions with in / out and every effect op (set a
 * value, set from in, toggle, add with clamp or wrap, emit), and events. Simulators and the
 * conformance judge test themselves against it; `validateModel` accepts every model it makes.
 */
import fc from 'fast-check';
import type {
  ActionSpec,
  DeviceModel,
  Effect,
  EventSpec,
  Guard,
  PropertySpec,
  ServiceSpec,
} from '../../../../src/model/types.js';
import { subsetProblem } from '../../../../src/model/validation/value-subset.js';
import { type PropertySpecConstraints, propertySpec } from './property-spec.arbitrary.js';
import { validValue } from './valid-value.arbitrary.js';

export interface DeviceModelConstraints extends PropertySpecConstraints {
  /** Fewest services besides device-information. Default 1. */
  readonly minServices?: number;
  /** Most services besides device-information. Default 3. */
  readonly maxServices?: number;
  /** Default 6. */
  readonly maxPropertiesPerService?: number;
  /** Default 3. */
  readonly maxActionsPerService?: number;
  /** Default 2. */
  readonly maxEventsPerService?: number;
  /** Default 4. */
  readonly maxEffectsPerAction?: number;
  /** Most piids in an action's `in`, and in its `out`. Default 3. */
  readonly maxParametersPerAction?: number;
  /** Whether `when` guards appear on writable properties and actions. Default true. */
  readonly guards?: boolean;
  /** Largest siid / piid / aiid / eiid drawn (small ids are likelier). Default 65535. */
  readonly maxId?: number;
}

type Settings = Required<Omit<DeviceModelConstraints, keyof PropertySpecConstraints>> &
  PropertySpecConstraints;

const TYPES = ['bulb', 'sensor', 'plug', 'fan', 'lock', 'heater', 'speaker', 'blind'];
const SERVICE_NAMES = ['main', 'light', 'climate', 'control', 'meter', 'indicator', 'timer', 'audio'];

export function deviceModel(constraints: DeviceModelConstraints = {}): fc.Arbitrary<DeviceModel> {
  const settings: Settings = {
    minServices: 1,
    maxServices: 3,
    maxPropertiesPerService: 6,
    maxActionsPerService: 3,
    maxEventsPerService: 2,
    maxEffectsPerAction: 4,
    maxParametersPerAction: 3,
    guards: true,
    maxId: 65_535,
    ...constraints,
  };
  if (settings.minServices > settings.maxServices)
    throw new RangeError('deviceModel: minServices must not exceed maxServices');
  if (settings.maxId < 2)
    throw new RangeError('deviceModel: maxId must be at least 2 (service 1 is device-information)');
  const siids = fc.uniqueArray(id(settings.maxId, 2), {
    minLength: settings.minServices,
    maxLength: Math.min(settings.maxServices, settings.maxId - 1),
  });
  return fc
    .record({
      type: fc.constantFrom(...TYPES),
      serial: fc.integer({ min: 1, max: 999 }),
      services: siids.chain((ids) => fc.tuple(...ids.map((siid) => service(siid, settings)))),
      infoAt: fc.nat(),
    })
    .map(({ type, serial, services, infoAt }) => {
      const ordered = [...services];
      ordered.splice(infoAt % (services.length + 1), 0, DEVICE_INFORMATION);
      return { edp: 1, type, model: `gen.${type}.v${serial}`, services: ordered };
    });
}

/** Small ids most of the time, any id now and then. */
function id(maxId: number, min = 1): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min, max: Math.min(maxId, min + 19) }) },
    { weight: 1, arbitrary: fc.integer({ min, max: maxId }) },
  );
}

const INFO_NAMES = ['manufacturer', 'model', 'serial-number', 'firmware-revision'];
const DEVICE_INFORMATION: ServiceSpec = {
  siid: 1,
  name: 'device-information',
  properties: INFO_NAMES.map((name, i) => ({ piid: i + 1, name, format: 'string', access: ['read'] })),
  actions: [],
  events: [],
};

function service(siid: number, s: Settings): fc.Arbitrary<ServiceSpec> {
  return fc
    .uniqueArray(id(s.maxId), { maxLength: s.maxPropertiesPerService })
    .chain((piids) => fc.tuple(...piids.map((piid) => propertySpec(piid, s))))
    .chain((properties) => withGuards(properties, s))
    .chain((properties) =>
      fc
        .record({ name: fc.constantFrom(...SERVICE_NAMES), events: events(properties, s) })
        .chain(({ name, events }) =>
          actions(properties, events, s).map((actions) => ({ siid, name, properties, actions, events })),
        ),
    );
}

/** Properties a guard may name: readable and non-volatile (section 2). */
function guardTargets(properties: readonly PropertySpec[], except?: number): PropertySpec[] {
  return properties.filter((p) => p.piid !== except && p.access.includes('read') && p.volatile !== true);
}

function guard(targets: readonly PropertySpec[], s: Settings): fc.Arbitrary<Guard | undefined> {
  if (!s.guards || targets.length === 0) return fc.constant(undefined);
  const some = fc
    .constantFrom(...targets)
    .chain((target) => validValue(target).map((equals): Guard => ({ piid: target.piid, equals })));
  return fc.option(some, { freq: 3, nil: undefined });
}

function withGuards(properties: readonly PropertySpec[], s: Settings): fc.Arbitrary<PropertySpec[]> {
  return fc.tuple(
    ...properties.map((property) =>
      property.access.includes('write')
        ? guard(guardTargets(properties, property.piid), s).map((when) =>
            when === undefined ? property : { ...property, when },
          )
        : fc.constant(property),
    ),
  );
}

function events(properties: readonly PropertySpec[], s: Settings): fc.Arbitrary<EventSpec[]> {
  const readable = properties.filter((p) => p.access.includes('read')).map((p) => p.piid);
  return fc
    .uniqueArray(id(s.maxId), { maxLength: s.maxEventsPerService })
    .chain((eiids) =>
      fc.tuple(
        ...eiids.map((eiid) =>
          fc
            .shuffledSubarray(readable, { maxLength: Math.min(4, readable.length) })
            .map((args): EventSpec => ({ eiid, name: `event-${eiid}`, arguments: args })),
        ),
      ),
    );
}

function actions(
  properties: readonly PropertySpec[],
  events: readonly EventSpec[],
  s: Settings,
): fc.Arbitrary<ActionSpec[]> {
  const piids = properties.map((p) => p.piid);
  const parameters = fc.shuffledSubarray(piids, {
    maxLength: Math.min(s.maxParametersPerAction, piids.length),
  });
  return fc.uniqueArray(id(s.maxId), { maxLength: s.maxActionsPerService }).chain((aiids) =>
    fc.tuple(
      ...aiids.map((aiid) =>
        fc
          .record({ in: parameters, out: parameters, when: guard(guardTargets(properties), s) })
          .chain(({ in: inPiids, out, when }) =>
            effectList(properties, inPiids, events, s).map((effects): ActionSpec => {
              const action: ActionSpec = { aiid, name: `action-${aiid}`, in: inPiids, out, effects };
              return when === undefined ? action : { ...action, when };
            }),
          ),
      ),
    ),
  );
}

function effectList(
  properties: readonly PropertySpec[],
  inPiids: readonly number[],
  events: readonly EventSpec[],
  s: Settings,
): fc.Arbitrary<Effect[]> {
  const byPiid = new Map(properties.map((p) => [p.piid, p]));
  const options: fc.Arbitrary<Effect>[] = [];
  if (properties.length > 0) {
    options.push(
      fc
        .constantFrom(...properties)
        .chain((p) => validValue(p).map((value): Effect => ({ op: 'set', piid: p.piid, value }))),
    );
  }
  const copies = inPiids.flatMap((source, index) =>
    properties
      .filter((target) => subsetProblem(byPiid.get(source)!, target) === undefined)
      .map((target) => ({ index, piid: target.piid })),
  );
  if (copies.length > 0)
    options.push(
      fc.constantFrom(...copies).map(({ index, piid }): Effect => ({ op: 'set', piid, from: 'in', index })),
    );
  const toggles = properties.filter(
    (p) => p.format === 'bool' && (p.values === undefined || p.values.length === 2),
  );
  if (toggles.length > 0)
    options.push(fc.constantFrom(...toggles).map((p): Effect => ({ op: 'toggle', piid: p.piid })));
  const ranged = properties.filter((p) => p.range !== undefined);
  if (ranged.length > 0) {
    options.push(
      fc
        .record({
          p: fc.constantFrom(...ranged),
          k: fc.integer({ min: -20, max: 20 }).filter((k) => k !== 0),
          overflow: fc.constantFrom('clamp' as const, 'wrap' as const),
        })
        .map(
          ({ p, k, overflow }): Effect => ({
            op: 'add',
            piid: p.piid,
            by: Number((k * p.range![2]).toPrecision(12)),
            overflow,
          }),
        ),
    );
  }
  if (events.length > 0)
    options.push(fc.constantFrom(...events).map((e): Effect => ({ op: 'emit', eiid: e.eiid })));
  if (options.length === 0) return fc.constant([]);
  return fc.array(fc.oneof(...options), { maxLength: s.maxEffectsPerAction });
}
