import pino, { type Logger } from 'pino';
import { FleetcertError } from '../errors.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** pino level; default `info`. */
  readonly level?: string;
  /** Human-readable output; the CLI turns it on only when stderr is a TTY. */
  readonly pretty?: boolean;
  /** With `pretty`: ANSI colours (off for NO_COLOR, https://no-color.org). Default true. */
  readonly colour?: boolean;
  /** Where log lines go; default stderr (stdout is for results). */
  readonly destination?: NodeJS.WritableStream;
}

/** Secrets never reach a log line (brief: tokens and passwords never logged). */
const REDACT_PATHS = ['password', 'token', '*.password', '*.token', 'options.password', 'auth.token'];

/** The levels `--log-level` takes (pino's, quietest last). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** A `--log-level` that pino does not know (pino itself would throw a bare Error). */
export class LogLevelError extends FleetcertError {
  constructor(level: string) {
    super(
      'FLEETCERT_LOG_LEVEL',
      `unknown log level ${JSON.stringify(level)}: use one of ${LOG_LEVELS.join(', ')}`,
      { exitCode: 2 },
    );
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new LogLevelError(level);
  const redact = { paths: REDACT_PATHS, censor: '[redacted]' };
  if (options.pretty) {
    return pino({
      level,
      redact,
      transport: {
        target: 'pino-pretty',
        options: { destination: 2, colorize: options.colour ?? true, ignore: 'pid,hostname' },
      },
    });
  }
  return pino(
    { level, redact },
    (options.destination as pino.DestinationStream | undefined) ?? pino.destination(2),
  );
}

/** A logger that writes nothing: the default for library code and tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
