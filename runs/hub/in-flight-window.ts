/**
 * The in-flight window of each app connection in a hub load run: a due command leaves only
 * while its connection has fewer than `limit` commands sent and not yet done (answered, or past
 * the time by which the hub must have answered: EDP-HUB-2's D + 1 s and some). Section 8
 * promises a hub serves 16 in flight per connection "without error or delay"; beyond that it
 * may answer -4013 busy, so a load that overfills its connections measures its own flood, not
 * the hub. Commands of one connection leave in their planned order (section 8 forwards one
 * connection's commands to a device in arrival order); other connections are not held up.
 */
export class InFlightWindows {
  readonly #limit: number;
  readonly #done: (k: number, nowMs: number) => boolean;
  /** Per connection: indices of commands sent and not yet seen done, oldest first. */
  readonly #sent: number[][];
  /** Per connection: indices of due commands waiting for a slot, in planned order. */
  readonly #waiting: number[][];
  #waitingCount = 0;

  constructor(connections: number, limit: number, done: (k: number, nowMs: number) => boolean) {
    if (!(Number.isInteger(limit) && limit >= 1))
      throw new RangeError(`in-flight limit must be >= 1, got ${limit}`);
    this.#limit = limit;
    this.#done = done;
    this.#sent = Array.from({ length: connections }, () => []);
    this.#waiting = Array.from({ length: connections }, () => []);
  }

  /** Command `k` of connection `c` is due. */
  due(k: number, c: number): void {
    (this.#waiting[c] as number[]).push(k);
    this.#waitingCount++;
  }

  /** Due commands not yet sent (all connections). */
  get waiting(): number {
    return this.#waitingCount;
  }

  /** In flight on connection `c` as last counted. */
  inFlight(c: number): number {
    return (this.#sent[c] as number[]).length;
  }

  /**
   * Sends, per connection in planned order, every waiting command that fits: `send(k)` returns
   * false when the command could not leave (its connection closed); it then takes no slot.
   */
  flush(nowMs: number, send: (k: number) => boolean): void {
    for (let c = 0; c < this.#waiting.length; c++) this.flushConnection(c, nowMs, send);
  }

  /** As `flush`, for connection `c` alone (an answer on it may have freed a slot). */
  flushConnection(c: number, nowMs: number, send: (k: number) => boolean): void {
    const waiting = this.#waiting[c] as number[];
    if (waiting.length === 0) return;
    let sent = this.#sent[c] as number[];
    if (sent.length >= this.#limit) {
      sent = sent.filter((k) => !this.#done(k, nowMs));
      this.#sent[c] = sent;
    }
    let taken = 0;
    while (taken < waiting.length && sent.length < this.#limit) {
      const k = waiting[taken++] as number;
      if (send(k)) sent.push(k);
    }
    if (taken > 0) {
      waiting.splice(0, taken);
      this.#waitingCount -= taken;
    }
  }
}
