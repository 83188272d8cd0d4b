import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import type { DeviceModel } from './types.js';

/**
 * SHA-256 (hex) of the model's canonical JSON: the same model gives the same hash whatever its
 * member order or spacing. Reports print it so a result can be tied to the exact model judged.
 */
export function modelSha256(model: DeviceModel): string {
  return createHash('sha256').update(canonicalJson(model), 'utf8').digest('hex');
}
