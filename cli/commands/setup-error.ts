/**
 * A model file (or other input) that is invalid stops a run before it starts: usage, not a
 * verdict, so its error leaves with exit 2 whatever exit code it was raised with.
 */
import { FleetcertError } from '../../src/index.js';

/** Rethrows `error` as exit 2 (a FleetcertError keeps its code and message); for `.catch`. */
export function asSetupError(error: unknown): never {
  if (error instanceof FleetcertError && error.exitCode !== 2)
    throw new FleetcertError(error.code, error.message, { exitCode: 2, cause: error });
  throw error;
}
