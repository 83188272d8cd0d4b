/** Planted bugs in answers (item codes, batches, values, envelope errors): certification names the rule each breaks. */
import { describe } from 'vitest';
import { itCatchesPlantedBug } from '../support/planted-bug-test.js';
import { PLANTED_BUGS } from '../support/planted-bugs.js';

const FAULTS = [
  'accept-out-of-range',
  'accept-unlisted-value',
  'accept-off-grid-in',
  'silent-clamp',
  'write-read-only',
  'wrong-item-code',
  'reorder-batch',
  'poisoned-batch',
  'batch-length-mismatch',
  'ignore-when',
  'lost-write',
  'wrong-out',
  'unreadable-returns-value',
  'wrong-value-type',
  'duplicate-executes-twice',
  'bad-envelope-code',
];

describe('certify catches planted bugs in answers', () => {
  for (const bug of PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault))) itCatchesPlantedBug(bug);
});
