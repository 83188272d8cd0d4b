/**
 * One socket write per event-loop turn instead of one per message. aedes writes every packet
 * from its own setImmediate and mqtt-packet uncorks on the next tick, which Node runs between
 * immediates; ws uncorks after every frame: each message became its own writev system call. In
 * bench:load-hub the broker's writes were 38 % of its thread's CPU, and the hub's connection gets
 * two packets per command (the PUBACK of the command, the device's answer) from many devices at
 * once. Holding the stream corked from its first write of a turn to the next check phase sends
 * all of a turn's messages on one connection in one write; a message waits at most one turn of
 * the loop (where the writes came from a setImmediate, the turn after).
 */
import type { Duplex } from 'node:stream';

/** Makes `stream` coalesce the writes of one event-loop turn (cork, uncork on setImmediate). */
export function coalesceWrites(stream: Duplex): void {
  let held = false;
  const release = () => {
    held = false;
    if (stream.writableCorked > 0) stream.uncork();
  };
  const write = stream.write;
  // An own property over Writable.prototype.write: aedes and mqtt-packet call stream.write.
  stream.write = function coalescedWrite(this: Duplex, ...args: Parameters<Duplex['write']>) {
    if (!held && !stream.destroyed) {
      held = true;
      stream.cork();
      setImmediate(release);
    }
    return write.apply(this, args);
  } as Duplex['write'];
}
