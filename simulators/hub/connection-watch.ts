/**
 * Keeping app connections that serve nobody from holding slots for ever. Each sweep (the app
 * server runs one every few seconds; tests call it with their own clock):
 * - a connection with nothing in flight, no subscription, and no frame received for
 *   `idleTimeoutMs` is closed (1001): it never asked anything, or stopped asking;
 * - every `pingIntervalMs` each connection is pinged; one that has not answered the previous
 *   ping is dropped: it stopped reading (a subscriber that reads answers pings by itself).
 */

export interface Watched {
  /** When the last frame came from the app (or the connection opened). */
  readonly lastFrameAt: number;
  /** Requests taken in and not yet answered. */
  readonly inFlight: number;
  readonly subscribed: boolean;
  /** When the last ping went out (0: never) and whether it is still unanswered. */
  lastPingAt: number;
  awaitingPong: boolean;
  ping(): void;
  close(code: number, reason: string): void;
  drop(why: string): void;
}

export interface WatchLimits {
  readonly idleTimeoutMs: number;
  readonly pingIntervalMs: number;
}

export function sweepConnections(connections: Iterable<Watched>, limits: WatchLimits, now: number): void {
  for (const c of [...connections]) {
    if (c.inFlight === 0 && !c.subscribed && now - c.lastFrameAt >= limits.idleTimeoutMs) {
      c.close(1001, 'idle: no request, no subscription');
      continue;
    }
    if (now - c.lastPingAt < limits.pingIntervalMs) continue;
    if (c.awaitingPong) {
      c.drop('it did not answer a ping: it is not reading');
      continue;
    }
    c.awaitingPong = true;
    c.lastPingAt = now;
    c.ping();
  }
}
