/** Small pure look-ups over a validated model, shared by simulators, conformance and reports. */
import type { Access, ActionSpec, DeviceModel, EventSpec, PropertySpec, ServiceSpec } from './types.js';

export function findService(model: DeviceModel, siid: number): ServiceSpec | undefined {
  return model.services.find((service) => service.siid === siid);
}

export function findProperty(model: DeviceModel, siid: number, piid: number): PropertySpec | undefined {
  return findService(model, siid)?.properties.find((property) => property.piid === piid);
}

export function findAction(model: DeviceModel, siid: number, aiid: number): ActionSpec | undefined {
  return findService(model, siid)?.actions.find((action) => action.aiid === aiid);
}

export function findEvent(model: DeviceModel, siid: number, eiid: number): EventSpec | undefined {
  return findService(model, siid)?.events.find((event) => event.eiid === eiid);
}

export function hasAccess(spec: Pick<PropertySpec, 'access'>, access: Access): boolean {
  return spec.access.includes(access);
}

export interface ServiceProperty {
  readonly service: ServiceSpec;
  readonly property: PropertySpec;
}

/** Every property of the model with its service, in document order. */
export function* allProperties(model: DeviceModel): Generator<ServiceProperty> {
  for (const service of model.services) {
    for (const property of service.properties) yield { service, property };
  }
}
