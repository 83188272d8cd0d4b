/**
 * Issue 18 (the outside kettle's replay): a batch writes one property twice, the first item
 * refused (-4005) and the second the value it already holds. docs/protocol.md section 3 has the
 * items served in array order and EDP-PROP-4 has the refused one change nothing, so the second
 * is no change and its item breaks EDP-NOTIFY-1 on its own. Only an item carrying the refused
 * value (the device applied it, EDP-PROP-4) makes the second a change, and its item that
 * rule's consequence.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { emptyState, type JudgeState, known, withValue } from './knowledge.js';
import { NotificationLedger } from './notification-ledger.js';
import { predictRequest, type RequestBody } from './predict-request.js';

const tv = fixtureIndex('tv');
const ON: Record<string, unknown> = { '2.1': true, '2.2': 10, '2.3': false, '2.4': 5, '2.5': 0, '2.6': '' };

function started(values: Record<string, unknown>): { ledger: NotificationLedger; state: JudgeState } {
  let state = emptyState();
  for (const [key, value] of Object.entries(values)) {
    const [siid, piid] = key.split('.').map(Number);
    const property = tv.property(siid, piid);
    if (property === undefined) throw new Error(`tv has no ${key}`);
    state = withValue(state, property, known(value as never, 'read'));
  }
  return { ledger: new NotificationLedger(tv, { notificationDeadlineMs: 1000 }, state), state };
}

function sent(ledger: NotificationLedger, state: JudgeState, body: RequestBody): void {
  const p = predictRequest(tv, state, body);
  ledger.setState(p.next);
  ledger.expect(p.changes, p.events, { requestKey: 1, description: 'request 1' }, p.quiet ?? []);
  ledger.responded(1, 0);
}

/** The kettle's request shape on the TV: volume 85, mute = an invalid value, mute = what it holds. */
const batch = (invalid: unknown, held: boolean): RequestBody => ({
  method: 'set_properties',
  params: [
    { siid: 2, piid: 2, value: 85 },
    { siid: 2, piid: 3, value: invalid },
    { siid: 2, piid: 3, value: held },
  ],
});

const notBool = fc.anything().filter((v) => typeof v !== 'boolean');

describe('a write of the held value after a refused write of it in the same batch (issue 18)', () => {
  it('its item is EDP-NOTIFY-1 on its own, not a consequence of EDP-PROP-4, for any invalid first value', () => {
    fc.assert(
      fc.property(notBool, fc.boolean(), fc.boolean(), (invalid, held, packed) => {
        const { ledger, state } = started({ ...ON, '2.3': held });
        sent(ledger, state, batch(invalid, held));
        const items = [
          { siid: 2, piid: 2, value: 85 },
          { siid: 2, piid: 3, value: held },
        ];
        const found = packed
          ? ledger.observeProperties(items)
          : [...ledger.observeProperties(items.slice(0, 1)), ...ledger.observeProperties(items.slice(1))];
        const all = [...found, ...ledger.expire(5000)];
        expect(all.map((v) => [v.rule, v.consequenceOf])).toEqual([['EDP-NOTIFY-1', undefined]]);
        expect(all[0]?.expected).toContain('which it already held');
      }),
    );
  });

  it('a device that notifies only the change is found faultless (the legal history)', () => {
    fc.assert(
      fc.property(notBool, fc.boolean(), (invalid, held) => {
        const { ledger, state } = started({ ...ON, '2.3': held });
        sent(ledger, state, batch(invalid, held));
        expect(ledger.observeProperties([{ siid: 2, piid: 2, value: 85 }])).toEqual([]);
        expect(ledger.expire(5000)).toEqual([]);
      }),
    );
  });

  it('after an item showing the refused value applied, the second write’s item follows from EDP-PROP-4', () => {
    const { ledger, state } = started(ON);
    // volume is 10: 10.5 must be refused (-4005); a device that applied it, then 10, changed it twice.
    sent(ledger, state, {
      method: 'set_properties',
      params: [
        { siid: 2, piid: 2, value: 10.5 },
        { siid: 2, piid: 2, value: 10 },
      ],
    });
    const found = [
      ...ledger.observeProperties([{ siid: 2, piid: 2, value: 10.5 }]),
      ...ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }]),
      ...ledger.expire(5000),
    ];
    expect(found.map((v) => [v.rule, v.consequenceOf])).toEqual([
      ['EDP-NOTIFY-2', 'EDP-PROP-4'],
      ['EDP-NOTIFY-1', 'EDP-PROP-4'],
    ]);
  });
});
