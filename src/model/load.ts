/**
 * Loading a model document: read (I/O, `loadModelFile`) kept apart from parse and validate
 * (pure, `parseModelText`).
 */
import { readFile } from 'node:fs/promises';
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
    bytes = await readFile(path);
  } catch (error) {
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
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const at = syntaxErrorPosition(body, detail);
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.column}`;
    throw new ModelFileError(
      sourceName,
      `model file ${sourceName} is not valid JSON${where}: ${detail}. Fix the JSON syntax there.`,
      {
        ...at,
        cause: error,
      },
    );
  }
  const result = validateModel(json);
  if (!result.ok) throw new ModelValidationError(sourceName, result.problems);
  return { model: result.model, sha256: modelSha256(result.model), source: sourceName };
}

/** Line and column (1-based) of a JSON.parse error, from the offset V8 puts in its message. */
export function syntaxErrorPosition(
  text: string,
  message: string,
): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}
