/**
 * A run's wait for the device: until its next frame, or a time out. On time out the wait ends
 * only after the loop's next poll for I/O (setImmediate): timers run first in a loop turn, and a
 * frame already in the socket must be read before anything is called missing.
 */
export class DeviceActivity {
  private wake: (() => void) | undefined;

  /** A frame came from the device (or the run was cut): the wait in progress, if any, ends now. */
  signal(): void {
    this.wake?.();
  }

  /** Resolves at the next `signal()`, or after `ms` (only after `ms` when `full`). */
  next(ms: number, full = false): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        setImmediate(resolve);
      }, ms);
      if (full) return;
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }
}
