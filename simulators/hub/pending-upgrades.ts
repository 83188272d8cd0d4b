/**
 * TCP connections to the app server that have not yet finished their HTTP upgrade (or been
 * refused): unauthenticated, so bounded. At most `max` at once, and `maxPerAddress` from one
 * client address; past either, a new connection is closed at once. Each gets `timeoutMs` to be
 * upgraded or refused, then it is closed: a client that opens connections and sends nothing
 * (or half a request) holds a file descriptor for that long at most.
 */
import type { Socket } from 'node:net';

export interface PendingUpgradeLimits {
  readonly max: number;
  readonly maxPerAddress: number;
  readonly timeoutMs: number;
}

export class PendingUpgrades {
  readonly #limits: PendingUpgradeLimits;
  readonly #pending = new Map<Socket, { address: string; timer: NodeJS.Timeout }>();
  readonly #perAddress = new Map<string, number>();

  constructor(limits: PendingUpgradeLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#pending.size;
  }

  /** A new TCP connection: tracked, or closed at once when over a limit (returns false). */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? '?';
    const fromAddress = this.#perAddress.get(address) ?? 0;
    if (this.#pending.size >= this.#limits.max || fromAddress >= this.#limits.maxPerAddress) {
      socket.destroy();
      return false;
    }
    const timer = setTimeout(() => {
      this.settle(socket);
      socket.destroy();
    }, this.#limits.timeoutMs);
    timer.unref();
    this.#pending.set(socket, { address, timer });
    this.#perAddress.set(address, fromAddress + 1);
    socket.once('close', () => this.settle(socket));
    return true;
  }

  /** Upgraded or closed: no longer pending. */
  settle(socket: Socket): void {
    const entry = this.#pending.get(socket);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.#pending.delete(socket);
    const left = (this.#perAddress.get(entry.address) ?? 1) - 1;
    if (left <= 0) this.#perAddress.delete(entry.address);
    else this.#perAddress.set(entry.address, left);
  }

  /** Every pending connection closed (the hub stops). */
  closeAll(): void {
    for (const socket of [...this.#pending.keys()]) {
      this.settle(socket);
      socket.destroy();
    }
  }
}
