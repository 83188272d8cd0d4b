/**
 * A catalogue of model mistakes to plant into valid generated models: each knows the JSON path
 * where validation must report it. Used by the EDP-MODEL-1 tests; test-only.
 */
import { BEHAVIOUR_MISTAKES } from './behaviour.js';
import { STRUCTURE_MISTAKES } from './structure.js';
import type { Mistake } from './target.js';

export { type Doc, freeSiid, type Mistake, type Planted, Target } from './target.js';

export const MODEL_MISTAKES: readonly Mistake[] = [...STRUCTURE_MISTAKES, ...BEHAVIOUR_MISTAKES];
