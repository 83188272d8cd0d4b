/**
 * Every planted hub fault that breaks EDP-HUB-4 (docs/faults.md) is caught by that rule with
 * each of 10 seeds (FLEETCERT_HUB_SWEEP=1; one of them per fault in npm test), with a
 * counterexample of at most 6 app requests.
 */
import { describe, expect, it } from 'vitest';
import {
  expectCaughtBy,
  plantedFaultsBreaking,
  seedLabel,
  seedsFor,
  sweepFault,
} from './support/hub-sweep.js';

const RULE = 'EDP-HUB-4' as const;

describe(`planted hub faults breaking ${RULE}`, () => {
  it('are listed', () => expect(plantedFaultsBreaking(RULE).length).toBeGreaterThan(0));
  for (const fault of plantedFaultsBreaking(RULE))
    it(`${fault} is caught by ${RULE} with ${seedLabel(seedsFor(fault))}`, async () => {
      for (const { seed, certification } of await sweepFault(fault, RULE, seedsFor(fault)))
        expectCaughtBy(fault, RULE, seed, certification);
    }, 900_000);
});
