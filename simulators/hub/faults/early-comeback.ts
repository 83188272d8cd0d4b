/**
 * The planted `ws-online-before-hello` (EDP-HUB-4; partner 4's presence-early, issue 18): when
 * a WebSocket device's connection closes, the hub announces its comeback 300 ms later, as it
 * starts redialling and before any `hello`, and then swallows the real `hello`'s online (already
 * said). A device back within the 300 ms is announced by its `hello` as usual, so only a device
 * that stays away longer shows the fault.
 */
const EARLY_MS = 300;

export class EarlyComeback {
  readonly #announced = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly announceOnline: (deviceId: string) => void,
    private readonly isOnline: (deviceId: string) => boolean,
  ) {}

  /** The device's connection closed: announce it online in a moment unless it is back by then. */
  closed(deviceId: string): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.isOnline(deviceId) || this.#announced.has(deviceId)) return;
      this.#announced.add(deviceId);
      this.announceOnline(deviceId);
    }, EARLY_MS);
    timer.unref();
    this.#timers.add(timer);
  }

  /** True (once) when the comeback was announced already: the `hello`'s online is not announced again. */
  takeAnnounced(deviceId: string): boolean {
    return this.#announced.delete(deviceId);
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
