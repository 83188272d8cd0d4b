/**
 * A time limit that counts only the time this process could have noticed what it waits for.
 * A plain timer measures wall time: when the event loop is starved (a busy machine, a flood on
 * another connection), it fires as soon as the loop turns, before the I/O that was ready all
 * along has been read, and fleetcert would blame the other side for its own slowness. Here the
 * limit is counted in ticks; a tick counts at most TICK_MS however late it fires, and before
 * giving up, the loop gets one more turn to read what is already waiting.
 */
const TICK_MS = 250;

/** Calls `expire` once `limitMs` of responsive time has passed, unless the returned cancel comes first. */
export function responsiveLimit(limitMs: number, expire: () => void): () => void {
  let counted = 0;
  let last = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const tick = () => {
    const now = Date.now();
    counted += Math.min(now - last, TICK_MS);
    last = now;
    if (counted < limitMs) {
      timer = setTimeout(tick, Math.min(TICK_MS, limitMs - counted));
      return;
    }
    // Timers run before the poll phase: an answer that arrived during a stall is read first.
    immediate = setImmediate(() => {
      immediate = setImmediate(expire);
    });
  };
  timer = setTimeout(tick, Math.min(TICK_MS, limitMs));
  return () => {
    clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
  };
}
