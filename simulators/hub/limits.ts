/**
 * What the reference hub grants apps, and what it refuses beyond that (docs/simulators.md,
 * "Reference hub limits"). Section 8 asks a hub to serve at least 8 app connections with 16
 * requests in flight each, without error or delay; every default below is well above that, and
 * -4013 (busy) is answered only past them, as section 8 allows. The per-token limits keep one
 * app (one token) from taking what another app needs; the pre-auth limits keep clients that never
 * finish an upgrade, or guess tokens, from taking file descriptors and log lines.
 */

export interface ConnectionLimits {
  /** Requests in flight per connection before -4013 (section 8 asks for at least 16). */
  readonly maxInFlight: number;
  /** Unsent bytes queued for one connection before it is dropped as a slow consumer. */
  readonly maxBufferedBytes: number;
}

export interface HubLimits extends ConnectionLimits {
  /** App connections served at once; more get HTTP 503 (section 8 asks for at least 8). */
  readonly maxConnections: number;
  /** App connections one token may hold at once; more get HTTP 503 (a fair share of maxConnections). */
  readonly maxConnectionsPerToken: number;
  /** Commands pending towards devices across all connections before -4013. */
  readonly maxPending: number;
  /** Commands pending towards devices for one token (all its connections) before -4013. */
  readonly maxPendingPerToken: number;
  /** Unsent bytes queued across all app connections; past it the slowest readers are dropped. */
  readonly maxBufferedTotalBytes: number;
  /**
   * A connection with nothing in flight, no subscription and no frame received for this long is
   * closed (1001): it holds a slot and serves nobody.
   */
  readonly idleTimeoutMs: number;
  /** The hub pings every app connection this often; one that has not answered the last ping is dropped. */
  readonly pingIntervalMs: number;
  /** TCP connections that have not finished (or been refused) their HTTP upgrade; more are closed at once. */
  readonly maxPendingUpgrades: number;
  /** The same, from one client address. */
  readonly maxPendingUpgradesPerAddress: number;
  /** How long a client has to send its upgrade request's headers before its connection is closed. */
  readonly upgradeTimeoutMs: number;
  /** Upgrades with an unknown token from one address per window that get 401 and a log line each. */
  readonly wrongTokensPerWindow: number;
  /** The window of `wrongTokensPerWindow`; past that many, an address's 401s come `wrongTokenDelayMs` late and one summary line per window is logged. */
  readonly wrongTokenWindowMs: number;
  readonly wrongTokenDelayMs: number;
}

/** Well above section 8's "8 connections with 16 requests in flight each". */
export const DEFAULT_HUB_LIMITS: HubLimits = Object.freeze({
  maxConnections: 256,
  maxConnectionsPerToken: 64,
  maxInFlight: 64,
  maxPending: 8_192,
  maxPendingPerToken: 2_048,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxBufferedTotalBytes: 16 * 1024 * 1024,
  idleTimeoutMs: 120_000,
  pingIntervalMs: 30_000,
  maxPendingUpgrades: 128,
  maxPendingUpgradesPerAddress: 32,
  upgradeTimeoutMs: 5_000,
  wrongTokensPerWindow: 20,
  wrongTokenWindowMs: 10_000,
  wrongTokenDelayMs: 1_000,
});

/** `name=value` settings (the `hub --limit` option) over the defaults; a name or value it does not know is an error. */
export function hubLimitsFrom(settings: readonly string[], base: HubLimits = DEFAULT_HUB_LIMITS): HubLimits {
  const limits: Record<string, number> = { ...base };
  for (const setting of settings) {
    const eq = setting.indexOf('=');
    const name = eq < 0 ? setting : setting.slice(0, eq);
    const value = Number(setting.slice(eq + 1));
    if (eq < 0 || !(name in base))
      throw new RangeError(
        `unknown hub limit "${setting}": write NAME=VALUE with NAME one of ${Object.keys(base).join(', ')}`,
      );
    if (!Number.isSafeInteger(value) || value < 1 || value > 2 ** 31 - 1)
      throw new RangeError(
        `hub limit ${name} must be a whole number from 1 to 2147483647, got "${setting.slice(eq + 1)}"`,
      );
    limits[name] = value;
  }
  return Object.freeze(limits as unknown as HubLimits);
}
