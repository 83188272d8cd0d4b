/** Long-running commands (broker, simulate, start) run until Ctrl-C or SIGTERM, then stop cleanly. */

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Resolves with the first SIGINT or SIGTERM; the listeners are removed again, so a second Ctrl-C kills as usual. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of SIGNALS) process.off(s, onSignal);
      resolve(signal);
    };
    for (const s of SIGNALS) process.on(s, onSignal);
  });
}
