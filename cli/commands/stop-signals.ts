/**
 * How a run that starts children (a hub under test, devices) is stopped from outside: SIGINT
 * (Ctrl-C), SIGTERM (CI cancellation, `timeout`, `kill`) and SIGHUP (a closed terminal or SSH
 * session) all do the same. The first one aborts the run: it stops where it is, tears down what
 * it started (the hub's process group and session, the secret files it wrote) and writes the
 * results gathered so far. A second one leaves at once with 128 + the signal's number; the
 * 'exit' listeners of what is still running (runs/hub/hub-process.ts) still kill the hub and
 * remove its configuration file.
 */

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export interface StopWatch {
  /** Aborted by the first stop signal; its reason names the signal. */
  readonly signal: AbortSignal;
  /** Stops watching (the run is over): a later signal does what it does by default. */
  dispose(): void;
}

export interface StopSignalOptions {
  /** Told of the first signal (default: one line on stderr). */
  readonly onFirst?: (signal: NodeJS.Signals) => void;
  /** How to leave on the second (default: process.exit). */
  readonly exit?: (code: number) => void;
}

export function watchStopSignals(options: StopSignalOptions = {}): StopWatch {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const onFirst =
    options.onFirst ??
    ((signal: NodeJS.Signals) =>
      process.stderr.write(
        `fleetcert: ${signal}: stopping, writing what was gathered so far (send it again to leave at once)\n`,
      ));
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      onFirst(signal);
      return;
    }
    exit(128 + (SIGNAL_NUMBERS[signal] ?? 0));
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    signal: controller.signal,
    dispose() {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}
