/**
 * What a device behind a hub received and sent, as plain data: the one definition for the
 * three layers that meet it. Simulators record it (simulators/recording), the hub judge reads it
 * through the fleet port it declares (conformance/suites/hub/fleet-port.ts), and hub load
 * counts against it (load/hub/count-against-records.ts). It lives here, below all three, so the
 * judge and what it judges share a data shape and no code (HOUSE 14).
 *
 * Times are milliseconds on the clock of the fleet that recorded them.
 */

/** Why a device's presence changed: it connected, left cleanly, or was cut (the will fires, or the socket drops). */
export type PresenceCause = 'connect' | 'graceful' | 'abrupt';

/**
 * A frame the device received from the hub. `method` is `''` when the frame had no string
 * method; `frame` (the text, cut to 256 characters) only when it was not a request object.
 */
export interface ReceivedRequest {
  readonly atMs: number;
  readonly id: unknown;
  readonly method: string;
  readonly params: unknown;
  readonly frame?: string;
}

/** Something the device sent: a response (to `requestId`), a notification, or a presence change. */
export type SentMessage =
  | {
      readonly kind: 'response';
      readonly atMs: number;
      /** The response's `id` (null when the text was not JSON: then `message` is the text). */
      readonly requestId: unknown;
      readonly message: unknown;
    }
  | {
      readonly kind: 'notification';
      readonly atMs: number;
      readonly method: 'properties_changed' | 'event_occurred';
      readonly params: unknown;
    }
  /** MQTT: a `state` publish (or the will, `cause: 'abrupt'`); WebSocket: `hello` (online) or the close. */
  | {
      readonly kind: 'presence';
      readonly atMs: number;
      readonly online: boolean;
      readonly cause: PresenceCause;
    };

/** A device's records since its fleet started; arrays only grow. */
export interface DeviceRecords {
  readonly received: readonly ReceivedRequest[];
  readonly sent: readonly SentMessage[];
  /**
   * From this time on the records may lack something the device received or sent (a recorder
   * past its cap, or records otherwise lost); absent: complete. A judge never reads a gap in
   * the evidence as something the hub failed to do (issue 18: outside hub, seed 68).
   */
  readonly incompleteFromMs?: number;
}

/** How a device answers from now on: normally, not at all (`silent`), or after a delay. */
export type Responsiveness =
  | { readonly kind: 'normal' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'slow'; readonly delayMs: number };
