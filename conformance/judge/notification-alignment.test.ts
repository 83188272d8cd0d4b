/**
 * The most charitable reading of a property's items (issue 18): the alignment with the fewest
 * violations, and the ledger's blame built on it, for the readings greedy matching got wrong.
 */
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { expectedValue } from './expected-value.js';
import { emptyState, type JudgeState, known, withValue } from './knowledge.js';
import { type AlignedChange, type AlignedItem, alignItems } from './notification-alignment.js';
import { NotificationLedger } from './notification-ledger.js';
import { predictRequest, type RequestBody } from './predict-request.js';

const tv = fixtureIndex('tv');
const volume = tv.property(2, 2)!;
const change = (value: number, deadlineMs = 1000): AlignedChange => ({
  expected: expectedValue(volume, known(value, 'write')),
  certain: true,
  deadlineMs,
});
const item = (value: number, extra: Partial<AlignedItem> = {}): AlignedItem => ({
  value,
  atMs: 0,
  registered: 99,
  free: false,
  explained: false,
  ...extra,
});
const ops = (changes: AlignedChange[], items: AlignedItem[], now = 5000) =>
  alignItems(changes, items, now).steps.map((s) => s.op);

describe('alignItems: the reading with the fewest violations', () => {
  it('matches items in order at no cost', () => {
    expect(alignItems([change(11), change(12)], [item(11), item(12)], 5000).violations).toBe(0);
  });
  it('takes a stray item before a change as one extra item, not a wrong value and a missing one', () => {
    const reading = alignItems([change(20)], [item(10, { explained: true }), item(20)], 5000);
    expect(reading.violations).toBe(1);
    expect(reading.steps.map((s) => s.op)).toEqual(['extra', 'match']);
  });
  it('takes a lone wrong value as one wrong value, not a stray item and a missing one', () => {
    expect(ops([change(20)], [item(10, { explained: true })])).toEqual(['wrong']);
  });
  it('takes two swapped items as one order violation', () => {
    const reading = alignItems([change(11), change(12)], [item(12), item(11)], 5000);
    expect(reading.violations).toBe(1);
    expect(reading.steps.map((s) => s.op)).toEqual(['swap']);
  });
  it('counts a change still in time as owed, not missing, and an item after its deadline as late', () => {
    expect(alignItems([change(11, Infinity)], [], 5000).violations).toBe(0);
    expect(ops([change(11, 1000)], [item(11, { atMs: 1001 })])).toEqual(['late']);
  });
  it('never lets an item answer a change registered after it arrived', () => {
    expect(alignItems([change(11)], [item(11, { registered: 0 })], 5000).violations).toBe(2);
  });
});

describe('the ledger on the desk fan of issue 18 (an item for every write, changed or not)', () => {
  const write = (value: number): RequestBody => ({
    method: 'set_properties',
    params: [{ siid: 2, piid: 2, value }],
  });
  const start = (): { ledger: NotificationLedger; state: JudgeState } => {
    // The TV is on (volume is guarded by it) at volume 10.
    const on = tv.property(2, 1)!;
    const state = withValue(withValue(emptyState(), on, known(true, 'read')), volume, known(10, 'read'));
    return { ledger: new NotificationLedger(tv, { notificationDeadlineMs: 1000 }, state), state };
  };

  it('a stray item of an unchanged write arriving after a repeat of the same write was sent is EDP-NOTIFY-1 alone', () => {
    const { ledger, state } = start();
    const p = predictRequest(tv, state, write(10));
    ledger.expect(p.changes, p.events, { requestKey: 1, description: 'request 1' }, p.quiet ?? []);
    ledger.responded(1, 0);
    // The repeat's body would write 10 again: were it executed, its item would carry 10 too.
    const executed = predictRequest(tv, p.next, write(10));
    const forbidden = executed.changes.map((c) => ({
      kind: 'forbidden' as const,
      property: c.property,
      value: c.value,
    }));
    ledger.expect([], [], { requestKey: 2, description: 'repeat of request 1' }, forbidden);
    ledger.responded(2, 10);
    const judged = [
      ...ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }], undefined, 20),
      ...ledger.expire(5000),
    ];
    expect(judged.map((v) => v.rule)).toEqual(['EDP-NOTIFY-1']);
  });

  it('a stray item of an unchanged write arriving amid a later change is EDP-NOTIFY-1 alone, never EDP-NOTIFY-2', () => {
    const { ledger, state } = start();
    const p1 = predictRequest(tv, state, write(10));
    ledger.expect(p1.changes, p1.events, { requestKey: 1, description: 'request 1' }, p1.quiet ?? []);
    ledger.responded(1, 0);
    const p2 = predictRequest(tv, p1.next, write(30));
    ledger.setState(p2.next);
    ledger.expect(p2.changes, p2.events, { requestKey: 2, description: 'request 2' }, p2.quiet ?? []);
    ledger.responded(2, 10);
    const judged = [
      ...ledger.observeProperties([{ siid: 2, piid: 2, value: 30 }], undefined, 12),
      ...ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }], undefined, 15),
      ...ledger.expire(5000),
    ];
    expect(judged.map((v) => v.rule)).toEqual(['EDP-NOTIFY-1']);
  });

  it('an earlier run’s ledger gets an item first unless this run still owes that value', () => {
    const { ledger, state } = start();
    const p = predictRequest(tv, state, write(30));
    ledger.expect(p.changes, p.events, { requestKey: 1, description: 'request 1' }, p.quiet ?? []);
    expect(ledger.wants({ siid: 2, piid: 2, value: 10 })).toBe(false);
    expect(ledger.wants({ siid: 2, piid: 2, value: 30 })).toBe(true);
  });
});
