/** Planted bugs in notifications, effects and events: certification names the rule each breaks. */
import { describe, it } from 'vitest';
import { certifyPlantedBug, expectCaught, expectReplayFails } from '../support/planted-bug-test.js';
import { PLANTED_BUGS } from '../support/planted-bugs.js';

const FAULTS = [
  'missing-notification',
  'stale-notification',
  'notify-unchanged',
  'drop-notifications',
  'wrap-as-clamp',
  'effects-out-of-order',
  'missing-event',
  'invalid-event-arguments',
];

describe('certify catches planted bugs in notifications and effects', () => {
  for (const bug of PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault))) {
    it(`${bug.fault} (${bug.type} over ${bug.mode}) fails ${bug.rule} with a counterexample of at most 4 requests`, async () => {
      const result = await certifyPlantedBug(bug);
      expectCaught(result, bug);
      await expectReplayFails(result, bug);
    }, 60_000);
  }
});
