/**
 * The seam a binding offers to whoever records a device or steers it (simulators/recording):
 * every frame that arrives, every message that leaves, every presence change. A binding
 * without a tap (every healthy device of a fleet) pays one `undefined` check per message.
 */

import type { PresenceCause } from '../../src/hub/index.js';
import type { Notification } from '../../src/protocol/index.js';

export type { PresenceCause };

export interface BindingTap {
  /**
   * A frame arrived from a controller. The tap calls `serve` to have the device serve it: now,
   * later (a slow device) or never (a silent one).
   */
  frameArrived(frame: Uint8Array | string, serve: () => void): void;
  /** A response left the device, as written on the wire. */
  sentResponse(text: string): void;
  /** A notification left the device (`properties_changed` or `event_occurred`). */
  sentNotification(notification: Notification, text: string): void;
  /** Presence as controllers see it: MQTT `state` (or the will), WebSocket `hello` or the device closing. */
  presence(online: boolean, cause: PresenceCause): void;
}
