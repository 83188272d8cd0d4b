/** Planted bugs in delivery (replies missing, late, doubled, malformed): certification names the rule each breaks. */
import { describe } from 'vitest';
import { itCatchesPlantedBug } from '../support/planted-bug-test.js';
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
  for (const bug of PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault))) itCatchesPlantedBug(bug);
});
