/** Planted bugs in notifications, effects and events: certification names the rule each breaks. */
import { describe } from 'vitest';
import { itCatchesPlantedBug } from '../support/planted-bug-test.js';
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
  for (const bug of PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault))) itCatchesPlantedBug(bug);
});
