/** The open app connections, in the order they came: fan-out walks them, the planted `answer-wrong-connection` picks a sibling. */
import type { AppConnection } from './app-connection.js';

export class AppConnections {
  readonly #open = new Set<AppConnection>();

  get size(): number {
    return this.#open.size;
  }

  add(connection: AppConnection): void {
    this.#open.add(connection);
  }

  delete(connection: AppConnection): void {
    this.#open.delete(connection);
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
