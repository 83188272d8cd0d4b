/**
 * Round trips clustered at the TCP delayed-ACK time (about 40 ms on Linux) mean that something
 * on the path holds each small reply until the peer's delayed ACK comes back: Nagle's
 * algorithm on the broker's sockets. fleetcert's own sockets set no-delay, so through a broker
 * of the partner's it is the broker's setting; the advice names it.
 */

/** The window a delayed ACK lands round trips in: Linux waits 40 ms, plus the broker's own time. */
export const DELAYED_ACK_WINDOW_MS: readonly [number, number] = [38, 60];
/** At least this share of round trips in the window, and at least this many round trips. */
const SHARE = 0.5;
const MIN_ROUND_TRIPS = 20;

export const NAGLE_ADVICE =
  "round trips cluster at the TCP delayed-ACK time: the broker holds each small message for a delayed ACK (Nagle's algorithm). Turn it off in the broker (Mosquitto: `set_tcp_nodelay true` in mosquitto.conf; others have a TCP no-delay setting); fleetcert's own sockets already set no-delay.";

/** The advice when most round trips took the delayed-ACK time, else undefined. */
export function delayedAckAdvice(latenciesMs: readonly number[]): string | undefined {
  if (latenciesMs.length < MIN_ROUND_TRIPS) return undefined;
  const [low, high] = DELAYED_ACK_WINDOW_MS;
  const inWindow = latenciesMs.filter((ms) => ms >= low && ms <= high).length;
  if (inWindow / latenciesMs.length < SHARE) return undefined;
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `${Math.round((100 * inWindow) / latenciesMs.length)}% of ${latenciesMs.length} round trips took ${low}–${high} ms (p50 ${p50.toFixed(1)} ms): ${NAGLE_ADVICE}`;
}
