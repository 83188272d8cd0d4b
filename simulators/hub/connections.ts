/** The open app connections, in the order they came: fan-out walks them, the planted `answer-wrong-connection` picks a sibling, the per-token cap counts them. */
import type { AppConnection } from './app-connection.js';
import type { Grant } from './grants.js';

export class AppConnections {
  readonly #open = new Set<AppConnection>();
  /** Open connections per grant (one grant per token): the per-token cap reads it. */
  readonly #perGrant = new Map<Grant, number>();

  get size(): number {
    return this.#open.size;
  }

  /** How many connections the token of `grant` holds open. */
  countOf(grant: Grant): number {
    return this.#perGrant.get(grant) ?? 0;
  }

  add(connection: AppConnection): void {
    if (this.#open.has(connection)) return;
    this.#open.add(connection);
    this.#perGrant.set(connection.grant, this.countOf(connection.grant) + 1);
  }

  delete(connection: AppConnection): void {
    if (!this.#open.delete(connection)) return;
    const left = this.countOf(connection.grant) - 1;
    if (left <= 0) this.#perGrant.delete(connection.grant);
    else this.#perGrant.set(connection.grant, left);
  }

  [Symbol.iterator](): IterableIterator<AppConnection> {
    return this.#open.values();
  }

  /** Another open connection with the same grant, if any. */
  siblingOf(connection: AppConnection): AppConnection | undefined {
    for (const other of this.#open)
      if (other !== connection && other.grant === connection.grant) return other;
    return undefined;
  }

  /** Any other open connection, if any (the planted `answer-some-wrong-connection` without a sibling). */
  otherThan(connection: AppConnection): AppConnection | undefined {
    for (const other of this.#open) if (other !== connection) return other;
    return undefined;
  }
}
