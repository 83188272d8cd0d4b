/**
 * A device that accepts a call it had to refuse (EDP-ACT-2, EDP-PROP-4) stores what it was given;
 * what follows from that is the rule's consequence, not a second rule's own failure (issue 18:
 * the outside desk fan's accepted boost(31) also failed EDP-NOTIFY-3 and a later EDP-PROP-1).
 */
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../testing/fixture-models.js';
import { EventLedger } from './event-ledger.js';
import { judgeGetResult } from './judge-items.js';
import { emptyState, known, withValue } from './knowledge.js';
import { predictRequest } from './predict-request.js';

const tv = fixtureIndex('tv');
const on = tv.property(2, 1);
const volume = tv.property(2, 2);
const appLaunched = tv.event(2, 1);
if (on === undefined || volume === undefined || appLaunched === undefined)
  throw new Error('tv fixture changed');
const launchWithNumber = { siid: 2, eiid: 1, arguments: [{ piid: 6, value: 5 }] };

describe('consequences of an accepted call that had to be refused', () => {
  it('a refused action names the events its effects would emit', () => {
    const state = withValue(emptyState(), on, known(true, 'read'));
    const p = predictRequest(tv, state, {
      method: 'action',
      params: { siid: 2, aiid: 5, in: [{ piid: 6, value: 5 }] },
    });
    expect(p.response).toMatchObject({ kind: 'action', code: -4006 });
    expect(p.refusedEvents).toEqual([appLaunched]);
  });

  it('an event of a refused action with invalid arguments is EDP-NOTIFY-3 as a consequence of EDP-ACT-2', () => {
    const ledger = new EventLedger(tv, 1000);
    ledger.refused([appLaunched]);
    expect(ledger.observe(launchWithNumber)).toMatchObject([
      { rule: 'EDP-NOTIFY-3', consequenceOf: 'EDP-ACT-2' },
    ]);
  });

  it('without a refused action, invalid event arguments are EDP-NOTIFY-3 on their own', () => {
    const [v] = new EventLedger(tv, 1000).observe(launchWithNumber);
    expect(v?.rule).toBe('EDP-NOTIFY-3');
    expect(v?.consequenceOf).toBeUndefined();
  });

  const readVolume = [
    { siid: 2, piid: 2, code: 0, label: 'tv.volume', value: { kind: 'valid' as const, property: volume } },
  ];
  const leftByAct2 = {
    leftInvalidBy: (p: { key: string }) => (p.key === volume.key ? ('EDP-ACT-2' as const) : undefined),
  };

  it('an invalid value read back where an accepted refusable call may have left it is that rule’s consequence, state intact', () => {
    expect(judgeGetResult(readVolume, [{ siid: 2, piid: 2, code: 0, value: 150 }], leftByAct2)).toMatchObject(
      [{ rule: 'EDP-PROP-1', consequenceOf: 'EDP-ACT-2', stateIntact: true }],
    );
  });

  it('the same invalid value on an untouched property is EDP-PROP-1 on its own', () => {
    const [v] = judgeGetResult(readVolume, [{ siid: 2, piid: 2, code: 0, value: 150 }], {});
    expect(v?.rule).toBe('EDP-PROP-1');
    expect(v?.consequenceOf).toBeUndefined();
  });
});
