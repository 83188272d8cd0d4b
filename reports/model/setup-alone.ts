/**
 * What a counterexample with no command means, said wherever its commands would be listed (the
 * report's command box, JUnit text): never an empty list, never a bare "(setup alone)".
 */
export const SETUP_ALONE_TEXT =
  'None: the run’s setup alone shows this failure. The setup is what fleetcert sends before its first generated command (the reads and writes that give every run the same start), drawn in the chart above; the replay beside reruns exactly that.';

/** The same for plain text (JUnit, trace replays), where there is no chart above or replay beside. */
export const SETUP_ALONE_PLAIN =
  'none: the run’s setup alone shows this failure (what fleetcert sends before its first generated command: the reads and writes that give every run the same start, listed under Messages); the replay command reruns exactly that.';
