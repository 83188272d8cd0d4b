import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { DeviceModel } from './types.js';

/**
 * SHA-256 (hex) of the model's canonical JSON: the same model gives the same hash whatever its
 * member order or spacing. Reports print it so a result can be tied to the exact model judged.
 * A top-level `$schema` (where editors find docs/schemas/edp-model.schema.json, a path that
 * depends on where the file sits) is left out: moving a model must not make it another model.
 */
export function modelSha256(model: DeviceModel): string {
  const { $schema: _editorHint, ...judged } = model as DeviceModel & { $schema?: unknown };
  return createHash('sha256').update(canonicalJson(judged), 'utf8').digest('hex');
}
