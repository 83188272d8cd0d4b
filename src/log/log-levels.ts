/**
 * The log options' vocabulary, apart from pino: the CLI validates `--log-level` and
 * `--log-format` at start-up, and `fleetcert --help` must not load a logger to do it.
 */

/** The levels `--log-level` takes (pino's, quietest last). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/**
 * How log records are written (docs/output.md):
 * - `human`: one plain line per record, `fleetcert: warning: …`, no fields (the default when no
 *   log was asked for: warnings and errors stay visible, and nothing a person reads is JSON);
 * - `json`: pino's JSON lines, one record a line (for log collectors and `jq`);
 * - `pretty`: pino-pretty's multi-line rendering (for people reading logs on a terminal).
 */
export const LOG_FORMATS = ['human', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
