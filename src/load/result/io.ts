/** Reading and writing `load-result.json` files. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FleetcertError } from '../../errors.js';
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FleetcertError(
      'LOAD_RESULT_UNREADABLE',
      `cannot read load result ${path}: ${(error as Error).message}`,
      { exitCode: 2 },
    );
  }
  return parseLoadResult(text, path);
}

/**
 * Parses a result; the text may also be a pod log in which the result sits between
 * SHARD_RESULT_BEGIN / SHARD_RESULT_END marker lines (see ../k8s), so `kubectl logs` output
 * can be merged as it is.
 */
export function parseLoadResult(text: string, source: string): LoadResult {
  const body = extractMarked(text) ?? text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new FleetcertError(
      'LOAD_RESULT_INVALID',
      `${source} is not JSON (${(error as Error).message}); give a load-result.json or a pod log with the result markers`,
      {
        exitCode: 2,
      },
    );
  }
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

function extractMarked(text: string): string | undefined {
  const begin = text.indexOf(SHARD_RESULT_BEGIN);
  if (begin < 0) return undefined;
  const end = text.indexOf(SHARD_RESULT_END, begin);
  if (end < 0) return undefined;
  return text.slice(begin + SHARD_RESULT_BEGIN.length, end).trim();
}
