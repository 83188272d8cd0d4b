/**
 * What one generated app session leaves behind for the judge: what every app connection sent
 * and received (on the fleet's clock), and what the fleet recorded. Plain data, so the judge
 * is a pure function of it and can be tested with synthetic records (judge/*.test.ts).
 */
import type { DeviceRecords } from './fleet-port.js';

/** What an app request asks of the hub, as the generator meant it. */
export type AppIntent =
  /** `devices.get_properties` / `set_properties` / `action` / `get_model`: the device should receive `method` with `params`. */
  | {
      readonly kind: 'device-command';
      readonly deviceId: string;
      /** The device method: `get_properties`, `set_properties`, `action`, `get_model`. */
      readonly method: string;
      /** What the device must receive (`undefined` for get_model, whose params are ignored). */
      readonly deviceParams: unknown;
    }
  /** Params without a string `deviceId` (or `items`): `-32602`, nothing forwarded. */
  | { readonly kind: 'bad-params'; readonly deviceId?: string }
  | { readonly kind: 'list' }
  | { readonly kind: 'subscribe'; readonly deviceIds: readonly string[] | '*' }
  /** A frame that is not a request (an array, not JSON, no method): the envelope error `code`. */
  | { readonly kind: 'envelope'; readonly code: number };

export interface AppRequest {
  /** Connection name, `app-b#2`: the token's name and the connection's number. */
  readonly connection: string;
  /** The token's name. */
  readonly app: string;
  /** The app's request id (1, 2, 3… per connection), or null for a frame without one. */
  readonly id: number | null;
  /** What went on the wire: the request object, or the raw text of a malformed frame. */
  readonly frame: unknown;
  readonly sentAtMs: number;
  readonly intent: AppIntent;
  /** The command (its toString) that sent it. */
  readonly command: string;
}

/** A frame an app connection received: parsed JSON, or `raw` text when it was not JSON (or too deep). */
export interface AppFrame {
  readonly connection: string;
  readonly atMs: number;
  readonly message?: unknown;
  readonly raw?: string;
}

export interface AppConnectionRecord {
  readonly name: string;
  readonly app: string;
  readonly openedAtMs: number;
  /** When the hub closed it (or it broke); absent while open. */
  readonly closedAtMs?: number;
  /** Frames received beyond the recording limit (a flood), not kept; the connection is not read past them. */
  readonly droppedFrames: number;
}

/** A check outside the generated sessions: an unknown token's upgrade. */
export interface UpgradeCheck {
  readonly atMs: number;
  readonly command: string;
  /** HTTP status of a refused upgrade, or `upgraded`, or `unreachable` (no HTTP reply at all). */
  readonly outcome: number | 'upgraded' | 'unreachable';
  /** Why no HTTP reply came (the socket error, e.g. `socket hang up`), when `unreachable`. */
  readonly reason?: string;
}

/**
 * The judge's own event-loop lateness (conformance/harness/judge-lateness.ts) measured at a
 * moment of the run: `lateMs` is the total so far. Recorded so the judge stays pure: what the
 * judge's loop lost between two moments widens the windows it judges between them.
 */
export interface LatenessSample {
  readonly atMs: number;
  readonly lateMs: number;
}

export interface HubRunRecord {
  readonly startMs: number;
  /** The judge may call a deadline missed only if it fell before this time. */
  readonly endMs: number;
  readonly deadlineMs: number;
  /** Grants by token name. */
  readonly grants: ReadonlyMap<string, readonly string[] | '*'>;
  /** Every fleet device id, online or not. */
  readonly fleetIds: readonly string[];
  /** Model id per fleet device (what `devices.list` must say once seen). */
  readonly modelIds: ReadonlyMap<string, string>;
  readonly connections: readonly AppConnectionRecord[];
  readonly requests: readonly AppRequest[];
  readonly frames: readonly AppFrame[];
  readonly upgrades: readonly UpgradeCheck[];
  /** Fleet records of every device since the fleet started (the judge takes what it needs). */
  readonly devices: ReadonlyMap<string, DeviceRecords>;
  /** The judge's lateness over the run, oldest first (none: an idle judge, windows as written). */
  readonly lateness?: readonly LatenessSample[];
}
