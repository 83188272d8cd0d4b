/**
 * The reference models shipped in fixtures/models/ (bulb, purifier, tv), found by type name:
 * `bulb` → `<package>/fixtures/models/bulb.json`. The CLI's `--type` and the library's callers
 * use the same files.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from './package-root.js';

const REFERENCE_MODEL_DIR = packagePath('fixtures', 'models');

/** Every `*.json` directly in fixtures/models/, by name without the extension, sorted. */
export function referenceModelTypes(): string[] {
  try {
    return readdirSync(REFERENCE_MODEL_DIR, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => entry.name.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/** The model file of a reference type (`bulb`): a path to give `loadModelFile` or `--model`. */
export function referenceModelPath(type: string): string {
  return join(REFERENCE_MODEL_DIR, `${type}.json`);
}
