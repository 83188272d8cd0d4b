/**
 * Planted bugs in the bindings (presence, will, reconnect, ACL, WebSocket tokens, hello,
 * controllers): certification names the rule each breaks. Also: the table covers the whole
 * fault catalogue.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE } from '../../simulators/faults/catalogue.js';
import type { FaultName } from '../../simulators/faults/types.js';
import { itCatchesPlantedBug } from '../support/planted-bug-test.js';
import { FLAKY_LINK_FAULTS, HARMLESS_FAULTS, PLANTED_BUGS, TLS_FAULTS } from '../support/planted-bugs.js';

const FAULTS: readonly string[] = [
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
    // TLS faults are placed by certify-tls.test.ts (they need --listen-tls).
    const placed = new Set([...PLANTED_BUGS.map((b) => b.fault), ...HARMLESS_FAULTS, ...TLS_FAULTS]);
    expect(FAULT_CATALOGUE.map((f) => f.name).filter((n) => !placed.has(n))).toEqual([]);
    expect(PLANTED_BUGS.length).toBeGreaterThanOrEqual(20);
  });

  // Found by the scripted binding checks (presence, will, ACL, tokens, hello, controllers): each
  // waits out its limits, so these run at once, each with its own broker and device.
  describe.concurrent('found by a scripted check', () => {
    for (const bug of bindingBugs((fault) => !FLAKY_LINK_FAULTS.includes(fault))) itCatchesPlantedBug(bug);
  });

  // Found and shrunk by the model-based suite within a time limit: one at a time, so a busy
  // machine does not cut their shrinking short.
  for (const bug of bindingBugs((fault) => FLAKY_LINK_FAULTS.includes(fault))) itCatchesPlantedBug(bug);
});

function bindingBugs(which: (fault: FaultName) => boolean) {
  return PLANTED_BUGS.filter((b) => FAULTS.includes(b.fault) && which(b.fault));
}
