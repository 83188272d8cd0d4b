/**
 * The `hub:` section of a load scenario: the hub under load (PROTOCOL.md section 8), the app
 * connections in front of it and the device-side traffic behind it. A scenario with a hub
 * section loads a partner's hub through the Hub API instead of a broker; the fleet stands
 * behind the hub as in certification (embedded broker, or `broker.url`).
 */

export type HubTarget =
  /** Started through the configuration contract: `COMMAND --config FILE`, READY line, SIGTERM. */
  | { readonly kind: 'command'; readonly command: string }
  /** A hub that already runs, with the configuration file it was started with. */
  | { readonly kind: 'url'; readonly url: string; readonly config: string };

/** Which devices a token is granted: every device, the devices of some fleet types, or ids. */
export type HubGrant =
  | { readonly kind: 'all' }
  | { readonly kind: 'types'; readonly types: readonly string[] }
  | { readonly kind: 'ids'; readonly ids: readonly string[] };

/** What a connection subscribes to before traffic starts. */
export type HubSubscription =
  | { readonly kind: 'star' }
  | { readonly kind: 'granted' }
  | { readonly kind: 'none' }
  | { readonly kind: 'types'; readonly types: readonly string[] };

/** A group of app connections sharing one token and one subscription. */
export interface HubAppGroup {
  readonly token: string;
  /** Only with `hub.command` (a running hub's grants come from its configuration file). */
  readonly devices: HubGrant;
  readonly connections: number;
  readonly subscribe: HubSubscription;
}

export interface ScenarioHub {
  readonly target: HubTarget;
  readonly apps: readonly HubAppGroup[];
  /** Presence flaps over the whole fleet per second: a device goes offline gracefully, then comes back. */
  readonly flapsPerS: number;
  /** How long a flapping device stays offline. */
  readonly offlineMs: number;
  /** After the traffic: how long answers and notifications may still arrive before counting. */
  readonly drainMs: number;
  /**
   * With `hub.command`: this many more devices over WebSocket, listed in the configuration's
   * `ws_devices` (opt-in: many hubs speak MQTT only). A running hub's are its `ws_devices`.
   */
  readonly wsDevices: number;
  /**
   * Commands one app connection keeps in flight at most (sent, not yet answered). Default 16:
   * what section 8 guarantees a hub serves "without error or delay"; past it a hub may answer
   * -4013 busy. A due command waits for a free slot and counts as late if it waits > 100 ms.
   */
  readonly inFlight: number;
  /**
   * Before the measured traffic: this long of get_properties through the whole path (apps, hub,
   * broker, devices), each connection keeping `inFlight` in flight, answers awaited, nothing
   * counted. Default 0 (none). Why: the run's threads and the hub start cold; in bench:load-hub
   * their first 2-4 s of traffic ran slower than the rest and filled every in-flight window, so
   * the commands of those seconds left late.
   */
  readonly warmupMs: number;
}

export const HUB_DEFAULTS = {
  offlineMs: 1000,
  drainMs: 3000,
  wsDevices: 0,
  inFlight: 16,
  warmupMs: 0,
} as const;
