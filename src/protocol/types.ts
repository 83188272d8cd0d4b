/** The messages of EDP/1 (PROTOCOL.md section 3). */
import type { DeviceModel, PropertyValue } from '../model/types.js';

export type RequestId = number;

export type Method = 'get_properties' | 'set_properties' | 'action' | 'get_model';
export const METHODS: readonly Method[] = ['get_properties', 'set_properties', 'action', 'get_model'];

/**
 * Items are kept as received (`unknown` members): judging a siid, piid or value is the
 * device's job and yields item codes, never an envelope error (section 3).
 */
export interface GetPropertyItem {
  readonly siid: unknown;
  readonly piid: unknown;
}
export interface SetPropertyItem {
  readonly siid: unknown;
  readonly piid: unknown;
  readonly value?: unknown;
}
export interface ActionParams {
  readonly siid: unknown;
  readonly aiid: unknown;
  /** Missing `in` counts as `[]`; a non-array `in` is -4006. */
  readonly in?: unknown;
}

export type Request =
  | { readonly id: RequestId; readonly method: 'get_properties'; readonly params: readonly GetPropertyItem[] }
  | { readonly id: RequestId; readonly method: 'set_properties'; readonly params: readonly SetPropertyItem[] }
  | { readonly id: RequestId; readonly method: 'action'; readonly params: ActionParams }
  | { readonly id: RequestId; readonly method: 'get_model'; readonly params?: unknown };

export interface GetPropertyResult {
  readonly siid: unknown;
  readonly piid: unknown;
  readonly code: number;
  readonly value?: PropertyValue;
}
export interface SetPropertyResult {
  readonly siid: unknown;
  readonly piid: unknown;
  readonly code: number;
}
export interface ActionOutItem {
  readonly piid: number;
  readonly value: PropertyValue;
}
export interface ActionResult {
  readonly code: number;
  readonly out: readonly ActionOutItem[];
}

export type ResultPayload =
  | readonly GetPropertyResult[]
  | readonly SetPropertyResult[]
  | ActionResult
  | DeviceModel;

export interface ErrorObject {
  readonly code: number;
  readonly message: string;
}

export type Response =
  | { readonly id: RequestId | null; readonly result: unknown }
  | { readonly id: RequestId | null; readonly error: ErrorObject };

export interface PropertyChangedItem {
  readonly siid: number;
  readonly piid: number;
  readonly value: PropertyValue;
}
export interface EventArgument {
  readonly piid: number;
  readonly value: PropertyValue;
}
export interface EventOccurredParams {
  readonly siid: number;
  readonly eiid: number;
  readonly arguments: readonly EventArgument[];
}
export interface HelloParams {
  readonly deviceId: string;
  readonly model: string;
  readonly fw: string;
}

export type Notification =
  | { readonly method: 'properties_changed'; readonly params: readonly PropertyChangedItem[] }
  | { readonly method: 'event_occurred'; readonly params: EventOccurredParams }
  | { readonly method: 'hello'; readonly params: HelloParams };

/** An envelope error the receiver of a malformed request answers with (section 3). */
export interface EnvelopeError {
  readonly kind: 'envelope-error';
  readonly id: RequestId | null;
  readonly code: number;
  readonly message: string;
}

/** What `decodeRequest` gives: a well-formed request, or the envelope error to answer with. */
export type DecodeRequestResult =
  | { readonly ok: true; readonly request: Request }
  | { readonly ok: false; readonly error: EnvelopeError };

/**
 * A frame a device sent, as the controller classifies it by shape alone (EDP-RPC-2, EDP-RPC-6).
 * `invalid` frames count as not sent; `reason` says why in words a partner can act on.
 */
export type DeviceMessage =
  | { readonly kind: 'response'; readonly id: RequestId | null; readonly result: unknown }
  | { readonly kind: 'error-response'; readonly id: RequestId | null; readonly error: ErrorObject }
  | { readonly kind: 'notification'; readonly notification: Notification }
  | { readonly kind: 'invalid'; readonly reason: string; readonly raw: string; readonly parsed?: unknown };

/** Any message of section 3. */
export type Message = Request | Response | Notification;
