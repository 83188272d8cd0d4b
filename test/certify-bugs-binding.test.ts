/**
 * Planted bugs in the bindings (presence, will, reconnect, ACL, WebSocket tokens, hello,
 * controllers): certification names the rule each breaks. Also: the table covers the whole
 * fault catalogue.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE } from '../simulators/faults/catalogue.js';
import { certifyPlantedBug, expectCaught, expectReplayFails } from './support/planted-bug-test.js';
import { HARMLESS_FAULTS, PLANTED_BUGS } from './support/planted-bugs.js';

const FAULTS = [
  'no-will',
  'state-lost-on-reconnect',
  'acl-violation',
  'no-presence',
  'wrong-presence-model',
  'ws-no-hello',
  'ws-accept-bad-token',
  'ws-notify-one-controller',
  'ws-cross-replies',
  'disconnect-clean',
  'disconnect-abrupt',
];

describe('certify catches planted bugs in the bindings', () => {
  it('has a place for every fault of the catalogue, and at least 20 planted bugs', () => {
    const placed = new Set([...PLANTED_BUGS.map((b) => b.fault), ...HARMLESS_FAULTS]);
    expect(FAULT_CATALOGUE.map((f) => f.name).filter((n) => !placed.has(n))).toEqual([]);
    expect(PLANTED_BUGS.length).toBeGreaterThanOrEqual(20);
  });

  for (const bug of PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault))) {
    it(`${bug.fault} (${bug.type} over ${bug.mode}) fails ${bug.rule} with a counterexample of at most 4 requests`, async () => {
      const result = await certifyPlantedBug(bug);
      expectCaught(result, bug);
      await expectReplayFails(result, bug);
    }, 60_000);
  }
});
