/** The seeded decision whether a planted fault fires at one opportunity. */
import type { Random } from '../../src/index.js';
import type { FaultName, FaultPlan } from './types.js';

/**
 * Whether `name` fires now under `plan`. A fault not in the plan never fires; rate 1 always
 * fires without drawing (so a plan at full rate does not consume randomness); rate 0 never;
 * otherwise one draw from `random`, so a run replays exactly from its seed.
 */
export function shouldFire(plan: FaultPlan, name: FaultName, random: Random): boolean {
  for (const setting of plan) {
    if (setting.name !== name) continue;
    if (setting.rate >= 1) return true;
    if (setting.rate <= 0) return false;
    return random.next() < setting.rate;
  }
  return false;
}

/** Whether `name` is in the plan at all (with any rate above 0). */
export function hasFault(plan: FaultPlan, name: FaultName): boolean {
  return plan.some((setting) => setting.name === name && setting.rate > 0);
}
