/**
 * Every error fleetcert raises on purpose is a `FleetcertError` with a stable `code`
 * and a message that names the input and the fix. The CLI maps `exitCode` to the process
 * exit status (2: bad usage or setup; 1: a failed verdict).
 */
export class FleetcertError extends Error {
  readonly code: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Bad command-line usage or configuration: exit 2. */
export class UsageError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_USAGE', message, { exitCode: 2, ...options });
  }
}
