import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { FleetcertError } from '../errors.js';
import { escapeLines } from '../printable.js';
import { LOG_LEVELS, type LogFormat } from './log-levels.js';

export type { Logger } from 'pino';

/** pino-pretty is loaded only by a command that asks for it (`--log-format pretty`). */
const require = createRequire(import.meta.url);

export interface LoggerOptions {
  /** pino level; default `info`. */
  readonly level?: string;
  /** Default `json`. */
  readonly format?: LogFormat;
  /** With `pretty`: ANSI colours (off for NO_COLOR, https://no-color.org, and in a file). Default true. */
  readonly colour?: boolean;
  /** Append the records to this file instead of stderr (created with its folders). */
  readonly file?: string;
  /** Where log lines go when there is no `file`; default stderr (stdout is for results). */
  readonly destination?: NodeJS.WritableStream;
}

/** Secrets never reach a log line (brief: tokens and passwords never logged). */
const REDACT_PATHS = ['password', 'token', '*.password', '*.token', 'options.password', 'auth.token'];

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
  const settings = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return pino(settings, destinationOf(options));
}

/**
 * Every destination writes synchronously: a command's last records (its "stopping" line, a
 * warning just before exit) are on disk or on stderr before its summary or its exit, never after.
 */
function destinationOf(options: LoggerOptions): pino.DestinationStream {
  const format = options.format ?? 'json';
  if (format === 'pretty') {
    const pinoPretty = require('pino-pretty') as typeof PinoPretty;
    return pinoPretty({
      destination: options.file ?? (options.destination as NodeJS.WritableStream | undefined) ?? 2,
      colorize: options.file === undefined && (options.colour ?? true),
      ignore: 'pid,hostname',
      sync: true,
      mkdir: true,
    });
  }
  const sink: pino.DestinationStream =
    options.file !== undefined
      ? pino.destination({ dest: options.file, sync: true, mkdir: true, append: true })
      : ((options.destination as pino.DestinationStream | undefined) ??
        pino.destination({ dest: 2, sync: true }));
  return format === 'human' ? humanLines(sink) : sink;
}

const LEVEL_WORDS: Readonly<Record<number, string>> = {
  10: 'trace: ',
  20: 'debug: ',
  30: '',
  40: 'warning: ',
  50: 'error: ',
  60: 'fatal: ',
};

/**
 * The `human` format: pino's JSON record (already redacted) turned into one line a person
 * reads, `fleetcert: warning: <message>`. Fields are left out; control characters in the
 * message (a device id holding `\r`) are escaped so the line cannot rewrite another.
 */
function humanLines(sink: pino.DestinationStream): pino.DestinationStream {
  return {
    write(line: string) {
      let record: { level?: number; msg?: unknown; err?: unknown };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        sink.write(line);
        return;
      }
      const err = record.err as { message?: unknown } | string | undefined;
      const message =
        typeof record.msg === 'string'
          ? record.msg
          : typeof err === 'string'
            ? err
            : String(err?.message ?? 'log record without a message');
      sink.write(`fleetcert: ${LEVEL_WORDS[record.level ?? 30] ?? ''}${escapeLines(message)}\n`);
    },
  };
}

/** A logger that writes nothing: the default for library code and tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
