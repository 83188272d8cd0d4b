/**
 * One bound on what the hub holds for all app connections together: besides each connection's
 * own cap (`maxBufferedBytes`), unsent output across every connection stays under
 * `maxBufferedTotalBytes`. A connection whose queue grows asks for a check; past the total, the
 * connections with the most unsent output (the slowest readers) are dropped until it fits, so
 * apps that read keep being served.
 */

export interface Backlogged {
  /** Unsent bytes queued for it. */
  readonly buffered: number;
  /** Drops it as a slow consumer. */
  drop(why: string): void;
}

/** Below this a connection's queue is normal traffic, not worth a look across all connections. */
export const BACKLOG_CHECK_BYTES = 64 * 1024;

export class OutputBudget {
  readonly #connections: () => Iterable<Backlogged>;
  readonly #maxTotal: number;

  constructor(connections: () => Iterable<Backlogged>, maxTotalBytes: number) {
    this.#connections = connections;
    this.#maxTotal = maxTotalBytes;
  }

  /** Drops the slowest readers while the total queued is over the budget; returns how many. */
  check(): number {
    const all = [...this.#connections()];
    let total = 0;
    for (const c of all) total += c.buffered;
    if (total <= this.#maxTotal) return 0;
    let dropped = 0;
    for (const c of all.sort((a, b) => b.buffered - a.buffered)) {
      if (total <= this.#maxTotal) break;
      total -= c.buffered;
      c.drop(`over the hub's output budget of ${this.#maxTotal} bytes across all app connections`);
      dropped++;
    }
    return dropped;
  }
}
