/**
 * The one output rule of every command (docs/output.md), resolved once at the CLI edge:
 * results, human text, go to stdout; progress and errors go to stderr; structured pino logs
 * are written only when asked for (`--log-format json|pretty`, or `--log-file PATH`, JSON by
 * default), to the file, else to stderr. Without asking, log records are plain
 * `fleetcert: warning: …` lines on stderr; `--log-level` filters records in every format
 * (default: warn for plain lines, info for structured logs). A stream never carries both
 * kinds: while structured logs go to stderr, the progress lines are log records instead.
 */
import type { Argv } from 'yargs';
import { UsageError } from '../src/index.js';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat } from '../src/log/index.js';

export interface LogArgs {
  readonly logFormat?: string;
  readonly logFile?: string;
  readonly logLevel?: string;
}

export interface LogConfig {
  readonly format: LogFormat;
  readonly level: string;
  readonly file?: string;
  readonly colour: boolean;
  /** Whether human progress lines may be written to stderr (false: structured logs own stderr). */
  readonly progressOnStderr: boolean;
}

export const LOG_OPTIONS_HELP =
  'Output: results on stdout; progress and errors on stderr. Structured logs only when asked:\n' +
  '--log-format json|pretty, --log-file PATH (JSON unless --log-format says otherwise); to the file,\n' +
  'else to stderr (which then carries log records only). Without them, warnings are plain\n' +
  '"fleetcert: warning: …" lines on stderr. --log-level filters (default warn; info for structured\n' +
  'logs). Tokens and passwords are never logged.';

/** The three log options, on every command (global). */
export function addLogOptions<T>(yargs: Argv<T>): Argv<T & LogArgs> {
  return yargs
    .option('log-format', {
      global: true,
      type: 'string',
      choices: LOG_FORMATS,
      describe: 'Log records as plain lines (default), json lines or pretty (pino-pretty)',
    })
    .option('log-file', {
      global: true,
      type: 'string',
      describe: 'Append structured logs (JSON by default) to this file instead of stderr',
    })
    .option('log-level', {
      global: true,
      type: 'string',
      describe: `Log level, ${LOG_LEVELS.join('|')} (default warn; info with --log-format json|pretty or --log-file)`,
    }) as unknown as Argv<T & LogArgs>;
}

/** Pure. `colour` is NO_COLOR's answer (cli/colour.ts) and the terminal's. */
export function resolveLogConfig(args: LogArgs, terminal: { readonly colour: boolean }): LogConfig {
  if (args.logFile !== undefined && args.logFile.trim() === '')
    throw new UsageError('--log-file needs a file path, e.g. --log-file fleetcert.log');
  const format: LogFormat =
    (args.logFormat as LogFormat | undefined) ?? (args.logFile !== undefined ? 'json' : 'human');
  const level = args.logLevel ?? (format === 'human' ? 'warn' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new UsageError(
      `--log-level ${JSON.stringify(level)} is not a level: use one of ${LOG_LEVELS.join(', ')}`,
    );
  return Object.freeze({
    format,
    level,
    ...(args.logFile === undefined ? {} : { file: args.logFile }),
    colour: terminal.colour,
    progressOnStderr: format === 'human' || args.logFile !== undefined,
  });
}
