/** Planted bugs in delivery (replies missing, late, doubled, malformed): certification names the rule each breaks. */
import { describe, it } from 'vitest';
import { certifyPlantedBug, expectCaught, expectReplayFails } from '../support/planted-bug-test.js';
import { PLANTED_BUGS } from '../support/planted-bugs.js';

const FAULTS = [
  'unresponsive-after-garbage',
  'id-as-string',
  'result-and-error',
  'drop-replies',
  'duplicate-replies',
  'garbage-frames',
  'late-replies',
];

describe('certify catches planted bugs in delivery', () => {
  for (const bug of PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault))) {
    it(`${bug.fault} (${bug.type} over ${bug.mode}) fails ${bug.rule} with a counterexample of at most 4 requests`, async () => {
      const result = await certifyPlantedBug(bug);
      expectCaught(result, bug);
      await expectReplayFails(result, bug);
    }, 60_000);
  }
});
