/**
 * A read-only index over a validated model, so the judge and the generators find a
 * property, action or event by its ids in one step. Pure; built once per certification.
 */
import type { ActionSpec, DeviceModel, EventSpec, PropertySpec, ServiceSpec } from '../../src/model/index.js';

/** `siid.piid`, the key of a property in judge state. */
export type PropertyKey = string;

export function propertyKey(siid: number, piid: number): PropertyKey {
  return `${siid}.${piid}`;
}

export interface IndexedProperty {
  readonly key: PropertyKey;
  readonly siid: number;
  readonly piid: number;
  readonly service: ServiceSpec;
  readonly spec: PropertySpec;
  /** `service.property`, as partners read it in counterexamples. */
  readonly label: string;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly notify: boolean;
  readonly volatile: boolean;
}

export interface IndexedAction {
  readonly siid: number;
  readonly service: ServiceSpec;
  readonly spec: ActionSpec;
  readonly label: string;
}

export interface IndexedEvent {
  readonly siid: number;
  readonly service: ServiceSpec;
  readonly spec: EventSpec;
  readonly label: string;
}

export interface ModelIndex {
  readonly model: DeviceModel;
  readonly services: ReadonlyMap<number, ServiceSpec>;
  /** Every property, model order. */
  readonly properties: readonly IndexedProperty[];
  readonly actions: readonly IndexedAction[];
  readonly events: readonly IndexedEvent[];
  property(siid: unknown, piid: unknown): IndexedProperty | undefined;
  action(siid: unknown, aiid: unknown): IndexedAction | undefined;
  event(siid: unknown, eiid: unknown): IndexedEvent | undefined;
}

export function indexModel(model: DeviceModel): ModelIndex {
  const services = new Map<number, ServiceSpec>();
  const properties: IndexedProperty[] = [];
  const actions: IndexedAction[] = [];
  const events: IndexedEvent[] = [];
  const propertyByKey = new Map<string, IndexedProperty>();
  const actionByKey = new Map<string, IndexedAction>();
  const eventByKey = new Map<string, IndexedEvent>();
  for (const service of model.services) {
    services.set(service.siid, service);
    for (const spec of service.properties ?? []) {
      const access = spec.access;
      const entry: IndexedProperty = {
        key: propertyKey(service.siid, spec.piid),
        siid: service.siid,
        piid: spec.piid,
        service,
        spec,
        label: `${service.name}.${spec.name}`,
        readable: access.includes('read'),
        writable: access.includes('write'),
        notify: access.includes('notify'),
        volatile: spec.volatile === true,
      };
      properties.push(entry);
      propertyByKey.set(entry.key, entry);
    }
    for (const spec of service.actions ?? []) {
      const entry: IndexedAction = {
        siid: service.siid,
        service,
        spec,
        label: `${service.name}.${spec.name}`,
      };
      actions.push(entry);
      actionByKey.set(`${service.siid}.${spec.aiid}`, entry);
    }
    for (const spec of service.events ?? []) {
      const entry: IndexedEvent = {
        siid: service.siid,
        service,
        spec,
        label: `${service.name}.${spec.name}`,
      };
      events.push(entry);
      eventByKey.set(`${service.siid}.${spec.eiid}`, entry);
    }
  }
  // Ids are looked up by value: only whole numbers can name anything (section 3: -4003 otherwise).
  const find = <T>(map: ReadonlyMap<string, T>, a: unknown, b: unknown): T | undefined =>
    isWholeNumber(a) && isWholeNumber(b) ? map.get(`${a}.${b}`) : undefined;
  return {
    model,
    services,
    properties,
    actions,
    events,
    property: (siid, piid) => find(propertyByKey, siid, piid),
    action: (siid, aiid) => find(actionByKey, siid, aiid),
    event: (siid, eiid) => find(eventByKey, siid, eiid),
  };
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
