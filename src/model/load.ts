/**
 * Loading a model document: read (I/O, `loadModelFile`) kept apart from parse and validate
 * (pure, `parseModelText`).
 */
import { MAX_FILE_DEPTH, parseBoundedJson } from '../bounded-json.js';
import { findDuplicateKeys } from '../duplicate-keys.js';
import { formatLimit, INPUT_LIMITS, listProblems } from '../input-limits.js';
import { readFileWithin } from '../read-file-within.js';
import { ModelFileError, ModelValidationError } from './errors.js';
import { modelSha256 } from './hash.js';
import type { DeviceModel } from './types.js';
import { validateModel } from './validate.js';

export interface LoadedModel {
  /** The validated, normalised, frozen model. */
  readonly model: DeviceModel;
  /** `modelSha256(model)`. */
  readonly sha256: string;
  /** Where the model came from: the file path as given, or the caller's source name. */
  readonly source: string;
}

/** Reads, parses and validates a model file; throws ModelFileError or ModelValidationError. */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  let bytes: Buffer;
  try {
    const read = await readFileWithin(path, INPUT_LIMITS.modelFileBytes);
    if (!read.ok) throw tooLarge(path, read.size);
    bytes = read.bytes;
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    throw new ModelFileError(path, `cannot read model file ${path}: ${reason}. Check the path.`, {
      cause: error,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new ModelFileError(path, `model file ${path} is not valid UTF-8 text. Save it as UTF-8 JSON.`, {
      cause: error,
    });
  }
  return parseModelText(text, path);
}

/** Parses and validates model text (pure); `sourceName` names it in errors and in `source`. */
export function parseModelText(text: string, sourceName: string): LoadedModel {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const read = parseBoundedJson(body, { maxBytes: INPUT_LIMITS.modelFileBytes, maxDepth: MAX_FILE_DEPTH });
  if (!read.ok) {
    switch (read.problem) {
      case 'too-large':
        throw tooLarge(sourceName, read.bytes);
      case 'too-deep':
        throw new ModelFileError(
          sourceName,
          `model file ${sourceName} nests arrays and objects deeper than the limit of ${read.limit} levels (at ${read.path.slice(0, 200)}); a model nests about 7. Remove the nesting.`,
        );
      case 'not-json': {
        // read.detail names the position, never the text there (src/bounded-json.ts).
        const at = syntaxErrorPosition(body, read.detail);
        const where = at === undefined ? '' : ` at line ${at.line}, column ${at.column}`;
        const kind = read.detail.replace(/ at line \d+, column \d+$/, '');
        throw new ModelFileError(
          sourceName,
          `model file ${sourceName} is not valid JSON${where}: ${kind}. Fix the JSON syntax there.`,
          { ...at },
        );
      }
    }
  }
  const json = read.value;
  const duplicates = findDuplicateKeys(body);
  if (duplicates.length > 0) {
    const first = duplicates[0] as (typeof duplicates)[number];
    const lines = duplicates.map(
      (d) =>
        `  ${d.path}: member ${JSON.stringify(d.key)} appears again at line ${d.line}, column ${d.column}`,
    );
    throw new ModelFileError(
      sourceName,
      `model file ${sourceName} repeats member names (JSON would keep only the last of each):\n${listProblems(lines).join('\n')}\nKeep one of each.`,
      { line: first.line, column: first.column },
    );
  }
  const result = validateModel(json);
  if (!result.ok) throw new ModelValidationError(sourceName, result.problems);
  return { model: result.model, sha256: modelSha256(result.model), source: sourceName };
}

function tooLarge(source: string, bytes: number): ModelFileError {
  return new ModelFileError(
    source,
    `model file ${source} is ${bytes} bytes, over the limit of ${formatLimit(INPUT_LIMITS.modelFileBytes)} for model files: a model is served in one message of at most 65,536 bytes (EDP-RPC-6). Make the model smaller.`,
  );
}

/** Line and column (1-based) of a JSON.parse error, from the offset V8 puts in its message. */
export function syntaxErrorPosition(
  text: string,
  message: string,
): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+),? column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
