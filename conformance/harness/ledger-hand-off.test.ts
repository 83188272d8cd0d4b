/**
 * Issue 18 (a partner's thermostat sent every item 2 s late): an item that comes after its run
 * has ended and stopped lingering, however many runs later, is the late item of that run's
 * change (EDP-NOTIFY-1, charged there), never the current run's evidence: not an executed repeat
 * (EDP-RPC-5), not an item out of order (EDP-NOTIFY-2). Earlier runs share the certification's
 * overdue changes; the current run's own owed change still comes first.
 */
import { describe, expect, it } from 'vitest';
import type { PropertyChangedItem } from '../../src/protocol/index.js';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { emptyState, type JudgeState, known, withValue } from '../judge/knowledge.js';
import { NotificationLedger } from '../judge/notification-ledger.js';
import { OverdueChanges } from '../judge/overdue-changes.js';
import { predictRequest, type RequestBody } from '../judge/predict-request.js';
import type { Violation } from '../judge/violation.js';
import { handOffNotification } from './ledger-hand-off.js';

const tv = fixtureIndex('tv');
const ON: Record<string, unknown> = { '2.1': true, '2.2': 10, '2.3': false, '2.4': 5, '2.5': 0, '2.6': '' };

function state(values: Record<string, unknown>): JudgeState {
  let s = emptyState();
  for (const [key, value] of Object.entries(values)) {
    const [siid, piid] = key.split('.').map(Number);
    s = withValue(s, tv.property(siid as number, piid as number)!, known(value as never, 'read'));
  }
  return s;
}

/** One run: its ledger (sharing `overdue`), writes of the volume sent and answered at `respondedAt`. */
function run(
  overdue: OverdueChanges,
  values: Record<string, unknown>,
  write: number | readonly number[],
  respondedAt: number,
) {
  let known = state(values);
  const ledger = new NotificationLedger(tv, { notificationDeadlineMs: 1000, overdue }, known);
  for (const [k, value] of (typeof write === 'number' ? [write] : write).entries()) {
    const body: RequestBody = { method: 'set_properties', params: [{ siid: 2, piid: 2, value }] };
    const p = predictRequest(tv, known, body);
    known = p.next;
    ledger.setState(p.next);
    ledger.expect(
      p.changes,
      p.events,
      { requestKey: k + 1, description: `set volume ${value}` },
      p.quiet ?? [],
    );
    ledger.responded(k + 1, respondedAt + k);
  }
  return ledger;
}

function deliver(ledger: NotificationLedger, item: PropertyChangedItem, atMs: number): Violation[] {
  const recorded: Violation[] = [];
  const sink = { record: (vs: readonly Violation[]) => recorded.push(...vs), note: () => {} };
  const stats = { requests: 0, latenciesMs: [], unansweredInARow: 0, slowestNotificationMs: 0 };
  const notification = { method: 'properties_changed' as const, params: [item] };
  handOffNotification(
    { notification, ref: 0, judgedAtMs: atMs, ledger, earlier: [], epochOpen: true },
    sink,
    stats,
  );
  return recorded;
}

const rules = (vs: readonly Violation[]) => vs.map((v) => v.rule);

describe('late items of earlier runs (issue 18)', () => {
  it('an earlier run’s item, 2 s late, in a later run writing the same property: not EDP-NOTIFY-2', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, ON, 11, 0);
    expect(rules(first.expire(1001))).toEqual(['EDP-NOTIFY-1']);
    first.retire();
    const second = run(overdue, { ...ON, '2.2': 11 }, 12, 1500);
    expect(deliver(second, { siid: 2, piid: 2, value: 11 }, 2000)).toEqual([]);
    expect(deliver(second, { siid: 2, piid: 2, value: 12 }, 2100)).toEqual([]);
    expect(second.expire(5000)).toEqual([]);
  });

  it('an item of a run that ended before its deadline, several runs later, while a repeat forbids its value: not EDP-RPC-5', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, ON, 11, 0);
    first.retire(); // ended early: its change still owed, never judged here
    const third = new NotificationLedger(
      tv,
      { notificationDeadlineMs: 1000, overdue },
      state({ ...ON, '2.2': 20 }),
    );
    // A repeat of the first run's write id: executing it would bring volume = 11 (EDP-RPC-5).
    const volume = tv.property(2, 2)!;
    third.expect([], [], { requestKey: 1, description: 'repeat' }, [
      { kind: 'forbidden', property: volume, value: known(11, 'read') },
    ]);
    third.responded(1, 9000);
    expect(deliver(third, { siid: 2, piid: 2, value: 11 }, 9100)).toEqual([]);
    expect(third.expire(20_000)).toEqual([]);
    // Taken once: the same item again is the repeat's.
    const fourth = new NotificationLedger(
      tv,
      { notificationDeadlineMs: 1000, overdue },
      state({ ...ON, '2.2': 20 }),
    );
    fourth.expect([], [], { requestKey: 1, description: 'repeat' }, [
      { kind: 'forbidden', property: volume, value: known(11, 'read') },
    ]);
    fourth.responded(1, 30_000);
    expect(rules(deliver(fourth, { siid: 2, piid: 2, value: 11 }, 30_100))).toEqual(['EDP-RPC-5']);
  });

  it('an earlier run’s late items that the current run’s changes also owe, in the other order: not EDP-NOTIFY-2', () => {
    // The partner's thermostat: each run writes a contrast then its initial state; the earlier
    // run's items for both arrive, 2 s late, inside this run's window, opposite to this run's order.
    const overdue = new OverdueChanges();
    const first = run(overdue, ON, [12, 11], 0);
    first.retire();
    const second = run(overdue, ON, [11, 12], 1000);
    expect(deliver(second, { siid: 2, piid: 2, value: 12 }, 1500)).toEqual([]);
    expect(deliver(second, { siid: 2, piid: 2, value: 11 }, 1600)).toEqual([]);
    // This run's own items, 2 s late, come in the next run: the ledger judged them missing.
    expect(rules(second.expire(2100))).toEqual(['EDP-NOTIFY-1', 'EDP-NOTIFY-1']);
  });

  it('an overdue change takes its value even when the current run’s change owes it too: at worst EDP-NOTIFY-1 again', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, ON, 11, 0);
    first.expire(1001);
    first.retire();
    const second = run(overdue, { ...ON, '2.2': 20 }, 11, 3000);
    expect(deliver(second, { siid: 2, piid: 2, value: 11 }, 3100)).toEqual([]);
    expect(overdue.size).toBe(0);
    expect(rules(second.expire(5000))).toEqual(['EDP-NOTIFY-1']);
  });

  it('a later timely item of the current run is its own once the overdue one is taken', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, ON, 11, 0);
    first.expire(1001);
    first.retire();
    const second = run(overdue, ON, [11, 12, 11], 3000);
    for (const [k, value] of [11, 11, 12, 11].entries())
      expect(deliver(second, { siid: 2, piid: 2, value }, 3100 + k)).toEqual([]);
    expect(second.expire(5000)).toEqual([]);
  });
});
