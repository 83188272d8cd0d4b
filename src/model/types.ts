/**
 * The device model of EDP/1 (PROTOCOL.md section 2). A model is plain JSON; these types
 * describe a model that has passed `validateModel` (EDP-MODEL-1).
 */

export type Format = 'bool' | 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float' | 'string';

export type Access = 'read' | 'write' | 'notify';

/** A value a property can hold: JSON boolean, number or string, per its format. */
export type PropertyValue = boolean | number | string;

/** `[min, max, step]` for numeric formats. */
export type Range = readonly [min: number, max: number, step: number];

export interface ValueDescription {
  readonly value: PropertyValue;
  readonly description: string;
}

/** `when: { piid, equals }`: a guard on a writable property or an action. */
export interface Guard {
  readonly piid: number;
  readonly equals: PropertyValue;
}

export interface PropertySpec {
  readonly piid: number;
  readonly name: string;
  readonly format: Format;
  readonly access: readonly Access[];
  readonly range?: Range;
  readonly values?: readonly ValueDescription[];
  /** For strings; counted in Unicode code points. Default 255. */
  readonly maxLength?: number;
  readonly volatile?: boolean;
  readonly when?: Guard;
  readonly unit?: string;
  readonly description?: string;
}

export type OverflowMode = 'clamp' | 'wrap';

export type Effect =
  | { readonly op: 'set'; readonly piid: number; readonly value: PropertyValue }
  | { readonly op: 'set'; readonly piid: number; readonly from: 'in'; readonly index: number }
  | { readonly op: 'toggle'; readonly piid: number }
  | { readonly op: 'add'; readonly piid: number; readonly by: number; readonly overflow: OverflowMode }
  | { readonly op: 'emit'; readonly eiid: number };

export interface ActionSpec {
  readonly aiid: number;
  readonly name: string;
  readonly in: readonly number[];
  readonly out: readonly number[];
  readonly effects: readonly Effect[];
  readonly when?: Guard;
  readonly description?: string;
}

export interface EventSpec {
  readonly eiid: number;
  readonly name: string;
  readonly arguments: readonly number[];
  readonly description?: string;
}

export interface ServiceSpec {
  readonly siid: number;
  readonly name: string;
  readonly properties: readonly PropertySpec[];
  readonly actions: readonly ActionSpec[];
  readonly events: readonly EventSpec[];
  readonly description?: string;
}

export interface DeviceModel {
  readonly edp: 1;
  readonly type: string;
  /** The model id, e.g. `fleetcert.bulb.v1`. */
  readonly model: string;
  readonly services: readonly ServiceSpec[];
}

/** Service 1 is mandatory with these four read-only strings (PROTOCOL.md section 2). */
export const DEVICE_INFORMATION_SIID = 1;
export const DEVICE_INFORMATION_PIIDS = {
  manufacturer: 1,
  model: 2,
  serialNumber: 3,
  firmwareRevision: 4,
} as const;
export const DEFAULT_MAX_LENGTH = 255;
