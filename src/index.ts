/**
 * src/: the ground floor everything stands on — the EDP/1 model, protocol codec, transports,
 * embedded broker, hub configuration contract, results vocabulary, errors and seeded randomness.
 * Imports no other root.
 * This face lists what other roots use; they import src/ only through index.ts files.
 */
export {
  boundedJsonProblemText,
  MAX_FILE_DEPTH,
  MAX_MESSAGE_DEPTH,
  parseBoundedJson,
  parseJsonWithin,
  pathDeeperThan,
  utf8ByteLength,
} from './bounded-json.js';
export { yamlDeeperThan } from './bounded-yaml.js';
export { canonicalJson } from './canonical-json.js';
export { closestMatch, didYouMean } from './did-you-mean.js';
export { FleetcertError, UsageError } from './errors.js';
export { formatLimit, INPUT_LIMITS, listProblems } from './input-limits.js';
export { startModuleThread } from './module-thread.js';
export { escapeControl, escapeLines, printable, truncate } from './printable.js';
export type { Random } from './random.js';
export { createRandom } from './random.js';
export { readBoundedText, readTextFileWithin } from './read-file-within.js';
export { responsiveLimit } from './responsive-limit.js';
