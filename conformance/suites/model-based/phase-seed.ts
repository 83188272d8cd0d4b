/** Seeds of the exploration phases after the first: derived from the run's seed, so one seed replays all. */
import { createRandom } from '../../../src/index.js';

export function phaseSeed(seed: number, phase: number): number {
  if (phase === 0) return seed;
  const random = createRandom(seed);
  let derived = 0;
  for (let i = 0; i < phase; i++) derived = random.int(1, 2_147_483_647);
  return derived;
}
