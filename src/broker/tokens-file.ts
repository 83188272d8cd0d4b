/**
 * The `--tokens FILE` format: one JSON object mapping usernames to tokens, e.g.
 * `{ "bulb-0001": "s3cret", "controller:hub": "other" }`. Every key must be a device id or
 * `controller:NAME`, every value a non-empty string; all problems are reported at once.
 */

import { boundedJsonProblemText, MAX_FILE_DEPTH, parseBoundedJson } from '../bounded-json.js';
import { FleetcertError } from '../errors.js';
import { formatLimit, INPUT_LIMITS, listProblems } from '../input-limits.js';
import { truncate } from '../printable.js';
import { readTextFileWithin } from '../read-file-within.js';
import { principalFor } from './principal.js';
import { type TokenPolicy, tokenMapPolicy } from './token-policy.js';

export class TokensFileError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_TOKENS_FILE', message, { exitCode: 2, ...options });
  }
}

/** Pure: the username → token map in `text`, or a `TokensFileError` naming every problem and `source`. */
export function parseTokensJson(text: string, source: string): Map<string, string> {
  const read = parseBoundedJson(text, { maxBytes: INPUT_LIMITS.tokensFileBytes, maxDepth: MAX_FILE_DEPTH });
  if (!read.ok) {
    const problem =
      read.problem === 'not-json'
        ? `${source}: not JSON (${read.detail})`
        : boundedJsonProblemText(read, source);
    throw new TokensFileError(`${problem}; expected {"<username>": "<token>", …}`);
  }
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokensFileError(`${source}: expected a JSON object {"<username>": "<token>", …}`);
  }
  const problems: string[] = [];
  const tokens = new Map<string, string>();
  for (const [username, token] of Object.entries(value)) {
    if (principalFor(username) === undefined) {
      problems.push(
        `key ${JSON.stringify(truncate(username, 80))}: not a device id (^[a-z0-9][a-z0-9-]{2,63}$) or controller:NAME (NAME: 1 to 64 of A-Z a-z 0-9 . _ -)`,
      );
    } else if (typeof token !== 'string' || token.length === 0) {
      problems.push(`key ${JSON.stringify(truncate(username, 80))}: the token must be a non-empty string`);
    } else {
      tokens.set(username, token);
    }
  }
  if (problems.length > 0)
    throw new TokensFileError(
      `${source}: ${problems.length} problem(s):\n  ${listProblems(problems).join('\n  ')}`,
    );
  if (tokens.size === 0)
    throw new TokensFileError(`${source}: no usernames; add {"<username>": "<token>"} entries`);
  return tokens;
}

export async function loadTokensFile(path: string): Promise<TokenPolicy> {
  let read: Awaited<ReturnType<typeof readTextFileWithin>>;
  try {
    read = await readTextFileWithin(path, INPUT_LIMITS.tokensFileBytes);
  } catch (error) {
    throw new TokensFileError(`cannot read tokens file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!read.ok) {
    throw new TokensFileError(
      `tokens file ${path} is ${read.size} bytes, over the limit of ${formatLimit(read.limit)} for tokens files`,
    );
  }
  const text = read.text;
  return tokenMapPolicy(parseTokensJson(text, path));
}
