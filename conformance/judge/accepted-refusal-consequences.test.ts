/**
 * A device that accepts a call it had to refuse (EDP-ACT-2, EDP-PROP-4) stores what it was given;
 * what follows from that is the rule's consequence, not a second rule's own failure (issue 18:
 * the outside desk fan's accepted boost(31) also failed EDP-NOTIFY-3 and a later EDP-PROP-1).
 */
import { describe, expect, it } from 'vitest';
import { parseModelText } from '../../src/model/load.js';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { EventLedger } from './event-ledger.js';
import { judgeGetResult } from './judge-items.js';
import { emptyState, known, withValue } from './knowledge.js';
import { indexModel } from './model-index.js';
import { NotificationLedger } from './notification-ledger.js';
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

/**
 * Issue 18 (the outside desk fan, seed 20 over WebSocket): a refused action whose effects touch a
 * property (any value: its `in` was unusable) and, later, a refused out-of-`values` write of that
 * property the device applied and notified. The write of that very value explains the item; the
 * action explained it first, so the consequence named EDP-ACT-2, a rule that run never broke, and
 * EDP-NOTIFY-2 was failed on its own.
 */
describe('an applied refused write after a refused action that touches the same property', () => {
  const fan = indexModel(
    parseModelText(
      JSON.stringify({
        edp: 1,
        type: 'desk-fan',
        model: 'test.fan.q1',
        services: [
          {
            siid: 1,
            name: 'device-information',
            properties: ['manufacturer', 'model', 'serial-number', 'firmware-revision'].map((name, i) => ({
              piid: i + 1,
              name,
              format: 'string',
              access: ['read'],
            })),
          },
          {
            siid: 2,
            name: 'fan',
            properties: [
              { piid: 1, name: 'on', format: 'bool', access: ['read', 'write', 'notify'] },
              {
                piid: 2,
                name: 'speed',
                format: 'uint8',
                access: ['read', 'write', 'notify'],
                values: [1, 2, 3].map((value) => ({ value, description: `speed ${value}` })),
                when: { piid: 1, equals: true },
              },
              { piid: 5, name: 'boost-request', format: 'uint16', access: ['write'], range: [5, 60, 5] },
            ],
            actions: [
              {
                aiid: 1,
                name: 'boost',
                when: { piid: 1, equals: true },
                in: [5],
                out: [],
                effects: [{ op: 'set', piid: 2, value: 3 }],
              },
            ],
          },
        ],
      }),
      'inline-fan.json',
    ).model,
  );
  const power = fan.property(2, 1);
  const speed = fan.property(2, 2);
  if (power === undefined || speed === undefined) throw new Error('inline fan changed');

  function afterRefusedBoost(): { ledger: NotificationLedger; state: ReturnType<typeof emptyState> } {
    let state = withValue(emptyState(), power as NonNullable<typeof power>, known(false, 'read'));
    state = withValue(state, speed as NonNullable<typeof speed>, known(1, 'read'));
    const ledger = new NotificationLedger(fan, { notificationDeadlineMs: 1000 }, state);
    const boost = predictRequest(fan, state, {
      method: 'action',
      params: { siid: 2, aiid: 1, in: [{ piid: 5, value: 50 }] },
    });
    expect(boost.response).toMatchObject({ kind: 'action', code: -4007 });
    ledger.expect(boost.changes, boost.events, { requestKey: 1, description: 'boost' }, boost.quiet ?? []);
    ledger.responded(1, 0);
    return { ledger, state };
  }

  it('an item carrying the refused write’s value is EDP-NOTIFY-2 as a consequence of EDP-PROP-4', () => {
    const { ledger, state } = afterRefusedBoost();
    const set = predictRequest(fan, state, {
      method: 'set_properties',
      params: [
        { siid: 2, piid: 1, value: true },
        { siid: 2, piid: 2, value: null },
        { siid: 2, piid: 2, value: 4 },
      ],
    });
    ledger.setState(set.next);
    ledger.expect(set.changes, set.events, { requestKey: 2, description: 'set' }, set.quiet ?? []);
    // Over WebSocket the items may come before the response: judged the same either way.
    const items = ledger.observeProperties([
      { siid: 2, piid: 1, value: true },
      { siid: 2, piid: 2, value: 4 },
    ]);
    ledger.responded(2, 10);
    expect([...items, ...ledger.expire(5000)]).toMatchObject([
      { rule: 'EDP-NOTIFY-2', consequenceOf: 'EDP-PROP-4' },
    ]);
  });

  it('an item only the refused action explains stays that action’s consequence', () => {
    const { ledger } = afterRefusedBoost();
    const items = ledger.observeProperties([{ siid: 2, piid: 2, value: 3 }], undefined, 5);
    expect([...items, ...ledger.expire(5000)]).toMatchObject([{ consequenceOf: 'EDP-ACT-2' }]);
  });
});
