/** The reference models shipped in fixtures/models/ (MODELS.md), found by type name: `bulb` → bulb.json. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../edge.js';

export const REFERENCE_MODEL_DIR = `${packagePath('fixtures', 'models')}/`;

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

export function referenceModelPath(type: string): string {
  return join(REFERENCE_MODEL_DIR, `${type}.json`);
}
