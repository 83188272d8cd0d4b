/**
 * A command's logger and progress writer, made from the output rule the CLI edge resolved
 * (log-options.ts). Apart from it so that `fleetcert --help` loads no logger.
 */
import { createLogger, type Logger } from '../src/log/index.js';
import type { LogConfig } from './log-options.js';

export function commandLogger(config: LogConfig): Logger {
  return createLogger({
    level: config.level,
    format: config.format,
    colour: config.colour,
    ...(config.file === undefined ? {} : { file: config.file }),
  });
}

/**
 * Writes one progress line: to stderr as text, or, while structured logs own stderr, as an
 * info record (so a line is never lost, only carried by the stream that was asked for).
 */
export function progressWriter(config: LogConfig, logger: Logger): (line: string, fields?: object) => void {
  return (line, fields = {}) => {
    if (config.progressOnStderr) process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
    else logger.info({ event: 'progress', ...fields }, line.trim());
  };
}
