/**
 * What a recorded device received and sent, as plain data. The hub judge reads these through
 * the fleet port it declares (conformance/suites/hub/fleet-port.ts); the shapes match that port
 * without importing it (the judge and what it judges share no code).
 */
import type { PresenceCause } from '../bindings/tap.js';

/** A frame the device received. `frame` (the text, cut to 256 characters) only when it was not a request object. */
export interface ReceivedRecord {
  readonly atMs: number;
  readonly id: unknown;
  /** `''` when the frame had no string method. */
  readonly method: string;
  readonly params: unknown;
  readonly frame?: string;
}

export type SentRecord =
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
  | {
      readonly kind: 'presence';
      readonly atMs: number;
      readonly online: boolean;
      readonly cause: PresenceCause;
    };

/** A device's records since it started; arrays only grow. `dropped` counts records past the cap (not kept). */
export interface DeviceRecordsView {
  readonly received: readonly ReceivedRecord[];
  readonly sent: readonly SentRecord[];
  readonly dropped: number;
}

/** How a device answers from now on. */
export type Responsiveness =
  | { readonly kind: 'normal' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'slow'; readonly delayMs: number };
