/**
 * A wait whose end moves: the harness waits for a device to go quiet, and every frame that
 * arrives pushes the end later (drain-late-items.ts, quiet-before-replay.ts). `until` sleeps the
 * remaining time, re-reads it whenever `wake()` is called, and returns once none is left or the
 * signal aborts.
 */
export interface WakeableWait {
  /** Cuts the current sleep short so that `until` reads its remaining time again. */
  wake(): void;
  until(remainingMs: () => number): Promise<void>;
}

export function wakeableWait(signal?: AbortSignal): WakeableWait {
  let wakeSleep: (() => void) | undefined;
  const wake = () => wakeSleep?.();
  return {
    wake,
    async until(remainingMs) {
      signal?.addEventListener('abort', wake);
      try {
        while (signal?.aborted !== true) {
          const ms = remainingMs();
          if (ms <= 0) return;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, ms);
            wakeSleep = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wakeSleep = undefined;
        }
      } finally {
        signal?.removeEventListener('abort', wake);
      }
    },
  };
}
