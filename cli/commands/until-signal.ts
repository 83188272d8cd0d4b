/** Long-running commands (broker, simulate, start, hub) run until Ctrl-C, SIGTERM or SIGHUP, then stop cleanly. */

import { STOP_SIGNALS as SIGNALS } from './stop-signals.js';

/** Resolves with the first SIGINT, SIGTERM or SIGHUP; the listeners are removed again, so a second Ctrl-C kills as usual. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of SIGNALS) process.off(s, onSignal);
      resolve(signal);
    };
    for (const s of SIGNALS) process.on(s, onSignal);
  });
}
