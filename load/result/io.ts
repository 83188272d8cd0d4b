/** Reading and writing `load-result.json` files. */

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  boundedJsonProblemText,
  FleetcertError,
  formatLimit,
  INPUT_LIMITS,
  MAX_FILE_DEPTH,
  parseBoundedJson,
  readTextFileWithin,
} from '../../src/index.js';
import { LOAD_RESULT_SCHEMA, type LoadResult } from './types.js';

export const LOAD_RESULT_FILE = 'load-result.json';

export async function writeLoadResult(
  dir: string,
  result: LoadResult,
  file = LOAD_RESULT_FILE,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, file);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export async function readLoadResult(path: string): Promise<LoadResult> {
  return parseLoadResult(await readResultText(path), path);
}

async function readResultText(path: string): Promise<string> {
  let read: Awaited<ReturnType<typeof readTextFileWithin>>;
  try {
    read = await readTextFileWithin(path, INPUT_LIMITS.resultFileBytes);
  } catch (error) {
    throw new FleetcertError(
      'LOAD_RESULT_UNREADABLE',
      `cannot read load result ${path}: ${(error as Error).message}. Check the path.`,
      { exitCode: 2, cause: error },
    );
  }
  if (!read.ok) {
    throw new FleetcertError(
      'LOAD_RESULT_UNREADABLE',
      `load result ${path} is ${read.size} bytes, over the limit of ${formatLimit(read.limit)} for results and pod logs. Give the load-result.json, or a log cut to the result markers.`,
      { exitCode: 2 },
    );
  }
  return read.text;
}

/** Every result in a file: a load-result.json, or pod logs holding one or more marked results. */
export async function readLoadResults(path: string): Promise<LoadResult[]> {
  return parseLoadResults(await readResultText(path), path);
}

/**
 * The results in a text: plain JSON, or logs in which each result sits between
 * SHARD_RESULT_BEGIN / SHARD_RESULT_END marker lines (see ../k8s), so the output of
 * `kubectl logs -l job-name=…` can be merged as it is.
 */
export function parseLoadResults(text: string, source: string): LoadResult[] {
  const blocks = extractMarked(text);
  if (blocks.length === 0) return [parseLoadResult(text, source)];
  return blocks.map((block, i) => parseLoadResult(block, `${source} (result ${i + 1})`));
}

/** Parses one result (plain JSON, or a log holding exactly one marked result). */
export function parseLoadResult(text: string, source: string): LoadResult {
  const blocks = extractMarked(text);
  if (blocks.length > 1)
    throw new FleetcertError(
      'LOAD_RESULT_INVALID',
      `${source} holds ${blocks.length} results; read it with readLoadResults`,
      { exitCode: 2 },
    );
  const body = blocks[0] ?? text;
  const read = parseBoundedJson(body, { maxBytes: INPUT_LIMITS.resultFileBytes, maxDepth: MAX_FILE_DEPTH });
  if (!read.ok) {
    throw new FleetcertError(
      'LOAD_RESULT_INVALID',
      `${boundedJsonProblemText(read, source)}; give a load-result.json or a pod log with the result markers`,
      { exitCode: 2 },
    );
  }
  const json = read.value;
  const schema = (json as { schema?: unknown } | null)?.schema;
  if (schema !== LOAD_RESULT_SCHEMA) {
    throw new FleetcertError(
      'LOAD_RESULT_INVALID',
      `${source} is not a load result (schema ${JSON.stringify(schema)}, expected ${LOAD_RESULT_SCHEMA})`,
      {
        exitCode: 2,
      },
    );
  }
  return json as LoadResult;
}

export const SHARD_RESULT_BEGIN = '----- fleetcert load-result begin -----';
export const SHARD_RESULT_END = '----- fleetcert load-result end -----';

function extractMarked(text: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  for (;;) {
    const begin = text.indexOf(SHARD_RESULT_BEGIN, from);
    if (begin < 0) return blocks;
    const end = text.indexOf(SHARD_RESULT_END, begin);
    if (end < 0) return blocks;
    blocks.push(text.slice(begin + SHARD_RESULT_BEGIN.length, end).trim());
    from = end + SHARD_RESULT_END.length;
  }
}
