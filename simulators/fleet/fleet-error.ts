import { FleetcertError } from '../../src/index.js';

/** A fleet option that cannot work (bad `--fleet`, `--ramp`, token file…): exit 2, naming the input and the fix. */
export class FleetError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_FLEET', message, { exitCode: 2, ...options });
  }
}
