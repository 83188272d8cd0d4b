/**
 * Test helper: the checks every planted-bug test makes. Certification (limited to the rule the
 * bug breaks, to keep the suite fast) must fail that rule, with a counterexample of at most 4
 * requests and a command that replays it.
 */
import { expect } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { certifySimulator } from './certify-simulator.js';
import { counterexampleRequests } from './counterexample-size.js';
import type { PlantedBug } from './planted-bugs.js';

export async function certifyPlantedBug(bug: PlantedBug, seed = 1): Promise<CertificationResult> {
  return certifySimulator({
    type: bug.type,
    mode: bug.mode,
    faults: [{ name: bug.fault, rate: 1 }],
    seed,
    config: { only: [bug.rule] },
  });
}

export function expectCaught(result: CertificationResult, bug: PlantedBug): void {
  expect(result.verdict).toBe('not-certified');
  const requirement = result.requirements.find((r) => r.rule === bug.rule);
  expect(requirement?.verdict, `${bug.fault} should fail ${bug.rule}`).toBe('failed');
  if (requirement?.verdict !== 'failed') return;
  expect(
    counterexampleRequests(requirement),
    `${bug.fault}: counterexample of ${bug.rule}`,
  ).toBeLessThanOrEqual(4);
  expect(requirement.counterexample.summary.length).toBeGreaterThan(10);
  expect(requirement.replay.command).toContain(`--only ${bug.rule}`);
}
