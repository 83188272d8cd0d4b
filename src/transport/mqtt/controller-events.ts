/** What an `MqttController` reports: one typed event per device topic kind, each with its receive time. */
import type { DeviceMessage, RequestId } from '../../protocol/types.js';
import type { Presence } from './presence.js';

interface Received {
  readonly deviceId: string;
  /** The payload as it came off the wire. */
  readonly payload: Buffer;
  /** The controller's clock (`now`) when the message arrived. */
  readonly receivedAt: number;
}

/** A message on `edp/1/{deviceId}/state`. */
export interface PresenceEvent extends Received {
  /** `undefined` when the payload is not a presence message (`problem` says why). */
  readonly presence?: Presence;
  readonly problem?: string;
  /** Delivered from the broker's retained store rather than published just now. */
  readonly retained: boolean;
}

/** A message on `edp/1/{deviceId}/model`. */
export interface ModelEvent extends Received {
  /** The parsed JSON, or `undefined` when the payload is not JSON. */
  readonly document?: unknown;
  readonly retained: boolean;
}

/** A message on `edp/1/{deviceId}/events`, classified by shape (EDP-RPC-6): usually a notification. */
export interface NotificationEvent extends Received {
  readonly message: DeviceMessage;
}

/** A message on `edp/1/{deviceId}/rpc/reply`, whether or not it answers one of this controller's requests. */
export interface ReplyEvent extends Received {
  readonly message: DeviceMessage;
  /** The id it carries, when one can be read (also from a malformed reply). */
  readonly id?: RequestId;
  /** It settled one of this controller's pending requests (the first reply to that id does). */
  readonly matched: boolean;
}

/** Every message, before classification. */
export interface RawMessageEvent {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retained: boolean;
  readonly receivedAt: number;
}

export interface ControllerEventMap {
  presence: [PresenceEvent];
  model: [ModelEvent];
  notification: [NotificationEvent];
  reply: [ReplyEvent];
  message: [RawMessageEvent];
  /** The connection to the broker closed without `close()` being called. */
  connectionLost: [];
}

/** What became of one request (EDP-RPC-1): answered, or not within the deadline. */
export type RequestOutcome =
  | {
      readonly status: 'answered';
      readonly deviceId: string;
      readonly id: RequestId;
      readonly sentAt: number;
      readonly receivedAt: number;
      readonly message: DeviceMessage;
      readonly payload: Buffer;
    }
  | {
      readonly status: 'unanswered';
      readonly deviceId: string;
      readonly id: RequestId;
      readonly sentAt: number;
      /** `timeout`: nothing within `timeoutMs`; `closed`: the controller closed first. */
      readonly reason: 'timeout' | 'closed';
      readonly timeoutMs: number;
    };
