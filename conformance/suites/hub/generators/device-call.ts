/**
 * fast-check arbitrary of one device call an app asks the hub to forward, made from the
 * device's model with the pure model layer: reads of readable properties, writes of valid
 * values, actions with valid `in` (sometimes `in` left out: it must stay missing), get_model.
 * For an id with no model (a ghost, an unknown id) a plain read of device-information.
 */
import fc from 'fast-check';
import type { DeviceModel, PropertySpec, ServiceSpec } from '../../../../src/model/index.js';
import { propertyValue } from '../../../generators/property-value.js';

export interface DeviceCall {
  /** The device method: `get_properties`, `set_properties`, `action`, `get_model`. */
  readonly method: 'get_properties' | 'set_properties' | 'action' | 'get_model';
  /** What the device must receive (undefined for get_model). */
  readonly deviceParams: unknown;
  /** Readable: `light.on, light.brightness`, `light.on = true`, `light.toggle()`. */
  readonly label: string;
}

const FALLBACK: DeviceCall = {
  method: 'get_properties',
  deviceParams: [{ siid: 1, piid: 1 }],
  label: 'device-information.manufacturer',
};

interface Located {
  readonly service: ServiceSpec;
  readonly property: PropertySpec;
}

export function deviceCall(model: DeviceModel | undefined): fc.Arbitrary<DeviceCall> {
  if (model === undefined) return fc.constant(FALLBACK);
  const services = model.services;
  const props: Located[] = services.flatMap((service) =>
    (service.properties ?? []).map((property) => ({ service, property })),
  );
  const readable = props.filter((p) => p.property.access.includes('read'));
  const writable = props.filter((p) => p.property.access.includes('write'));
  const actions = services.flatMap((service) =>
    (service.actions ?? []).map((action) => ({ service, action })),
  );
  const name = (p: Located) => `${p.service.name}.${p.property.name}`;
  const options: fc.Arbitrary<DeviceCall>[] = [
    fc.constant({ method: 'get_model', deviceParams: undefined, label: '' } as DeviceCall),
  ];
  if (readable.length > 0)
    options.push(
      fc
        .uniqueArray(fc.constantFrom(...readable), { minLength: 1, maxLength: Math.min(3, readable.length) })
        .map((items) => ({
          method: 'get_properties',
          deviceParams: items.map((p) => ({ siid: p.service.siid, piid: p.property.piid })),
          label: items.map(name).join(', '),
        })),
    );
  if (writable.length > 0)
    options.push(
      fc
        .constantFrom(...writable)
        .chain((p) => propertyValue(p.property, { maxStringLength: 8 }).map((value) => ({ p, value })))
        .map(({ p, value }) => ({
          method: 'set_properties',
          deviceParams: [{ siid: p.service.siid, piid: p.property.piid, value }],
          label: `${name(p)} = ${JSON.stringify(value)}`,
        })),
    );
  if (actions.length > 0)
    options.push(
      fc.constantFrom(...actions).chain(({ service, action }) => {
        const specs = action.in.map((piid) => (service.properties ?? []).find((p) => p.piid === piid));
        const values = fc.tuple(
          ...specs.map((s) => (s === undefined ? fc.constant(0) : propertyValue(s, { maxStringLength: 8 }))),
        );
        return fc.tuple(values, fc.boolean()).map(([vals, omit]): DeviceCall => {
          const label = `${service.name}.${action.name}(${vals.map((v) => JSON.stringify(v)).join(', ')})`;
          // A missing `in` stays missing (section 8); the device reads it as [] (section 3).
          if (omit && action.in.length === 0)
            return {
              method: 'action',
              deviceParams: { siid: service.siid, aiid: action.aiid },
              label: `${label} without in`,
            };
          return {
            method: 'action',
            deviceParams: {
              siid: service.siid,
              aiid: action.aiid,
              in: action.in.map((piid, i) => ({ piid, value: vals[i] })),
            },
            label,
          };
        });
      }),
    );
  return fc.oneof(...options);
}
