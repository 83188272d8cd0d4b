/** Test helper: the reference models, loaded and validated, with their indexes. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { indexModel, type ModelIndex } from '../../../conformance/judge/model-index.js';
import { parseModelText } from '../../../src/model/load.js';
import type { DeviceModel } from '../../../src/model/types.js';

export type FixtureName = 'bulb' | 'purifier' | 'tv';

export function fixtureModel(name: FixtureName): DeviceModel {
  const path = fileURLToPath(new URL(`../../../fixtures/models/${name}.json`, import.meta.url));
  return parseModelText(readFileSync(path, 'utf8'), path).model;
}

export function fixtureIndex(name: FixtureName): ModelIndex {
  return indexModel(fixtureModel(name));
}
