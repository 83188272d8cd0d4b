/** The face of src/log/: what other roots use from it (they import nothing deeper). */

export type { LogFormat } from './log-levels.js';
export { LOG_FORMATS, LOG_LEVELS } from './log-levels.js';
export type { Logger } from './logger.js';
export { createLogger, silentLogger } from './logger.js';
