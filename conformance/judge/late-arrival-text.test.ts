/**
 * Issue 18 C/D (partner5): a notification that came after its deadline is told as late, and how
 * late, not "no such item"; a run whose trace shows another change's late item says whose it is
 * (EDP-NOTIFY-1 for items, EDP-ACT-1 for emitted events). The verdicts stay what they were.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { emptyState, type JudgeState, known, withValue } from './knowledge.js';
import { withLateArrivals } from './late-arrival-text.js';
import type { ModelIndex } from './model-index.js';
import { NotificationLedger } from './notification-ledger.js';
import { OverdueChanges } from './overdue-changes.js';
import { predictRequest, type RequestBody } from './predict-request.js';

const tv = fixtureIndex('tv');
const ON = { '2.1': true, '2.2': 10, '2.3': false, '2.4': 5, '2.5': 0, '2.6': '' };
const VOLUME_11: RequestBody = { method: 'set_properties', params: [{ siid: 2, piid: 2, value: 11 }] };
const LAUNCH_FILMS: RequestBody = {
  method: 'action',
  params: { siid: 2, aiid: 5, in: [{ piid: 6, value: 'films' }] },
};

function state(index: ModelIndex, values: Record<string, unknown>): JudgeState {
  let s = emptyState();
  for (const [key, value] of Object.entries(values)) {
    const [siid, piid] = key.split('.').map(Number);
    s = withValue(s, index.property(siid as number, piid as number)!, known(value as never, 'read'));
  }
  return s;
}

/** One run's ledger (sharing `overdue`), `body` sent as its request `key` and answered at `respondedAt`. */
function run(overdue: OverdueChanges, body: RequestBody, respondedAt: number, notes: string[] = []) {
  const known = state(tv, ON);
  const onLate = (note: string) => notes.push(note);
  const ledger = new NotificationLedger(tv, { notificationDeadlineMs: 1000, overdue, onLate }, known);
  const p = predictRequest(tv, known, body);
  ledger.setState(p.next);
  ledger.expect(
    p.changes,
    p.events,
    { requestKey: 1, description: `request at ${respondedAt}` },
    p.quiet ?? [],
  );
  ledger.responded(1, respondedAt);
  return ledger;
}

describe('a late item is told as late, not missing (issue 18 C/D)', () => {
  it('the run owed the item says it came, how long after the response and past the window', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, VOLUME_11, 153.6);
    const [missing] = first.expire(1200);
    expect(missing).toMatchObject({ rule: 'EDP-NOTIFY-1', observed: 'no such item' });
    first.retire();
    // Not come yet: still "no such item".
    expect(withLateArrivals([missing!], overdue)[0]?.observed).toBe('no such item');
    const notes: string[] = [];
    const second = run(overdue, { method: 'get_properties', params: [{ siid: 2, piid: 2 }] }, 2000, notes);
    expect(second.observeProperties([{ siid: 2, piid: 2, value: 11 }], 0, 2166.6)).toEqual([]);
    const [told] = withLateArrivals([missing!], overdue);
    expect(told?.rule).toBe('EDP-NOTIFY-1');
    expect(told?.observed).toBe(
      'no such item within the window; television.volume = 11 came late: 2,013 ms after the response, 1,013 ms past the 1,000 ms window',
    );
    // The later run's trace says whose item it is.
    expect(notes).toEqual([
      'television.volume = 11 is the late item of an earlier run’s request at 153.6, 1,013 ms past its deadline (EDP-NOTIFY-1 there): not judged here',
    ]);
  });

  it('an item of an earlier identical run in this run’s trace is named as that run’s, and this run’s own miss stays', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, VOLUME_11, 0);
    first.expire(1001);
    first.retire();
    const notes: string[] = [];
    const second = run(overdue, VOLUME_11, 1500, notes);
    // The earlier run's late item arrives in this run's window: it is the earlier run's.
    expect(second.observeProperties([{ siid: 2, piid: 2, value: 11 }], 0, 2000)).toEqual([]);
    expect(notes[0]).toMatch(
      /^television\.volume = 11 is the late item of an earlier run’s request at 0, 1,000 ms past/,
    );
    const [own] = second.expire(2600);
    expect(own).toMatchObject({ rule: 'EDP-NOTIFY-1', observed: 'no such item' });
  });

  it('for any lateness, the text adds up: after the response = window + past the deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        (responded, past) => {
          const overdue = new OverdueChanges();
          const first = run(overdue, VOLUME_11, responded);
          const [missing] = first.expire(responded + 1001);
          first.retire();
          run(overdue, VOLUME_11, responded + 1).observeProperties(
            [{ siid: 2, piid: 2, value: 11 }],
            0,
            responded + 1000 + past,
          );
          const observed = withLateArrivals([missing!], overdue)[0]?.observed ?? '';
          const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
          expect(observed).toContain(`${group(1000 + past)} ms after the response, ${group(past)} ms past`);
        },
      ),
    );
  });

  it('a late emitted event is told as late (EDP-ACT-1), and a later run does not take it as its own', () => {
    const overdue = new OverdueChanges();
    const first = run(overdue, LAUNCH_FILMS, 100);
    first.observeProperties([{ siid: 2, piid: 6, value: 'films' }], 0, 150);
    const [missing] = first.expire(1200);
    expect(missing).toMatchObject({ rule: 'EDP-ACT-1', observed: 'no such event' });
    const notes: string[] = [];
    const second = run(overdue, LAUNCH_FILMS, 2000, notes);
    const launched = { siid: 2, eiid: 1, arguments: [{ piid: 6, value: 'films' }] };
    // The first run's event, 2 s late: the first run's, so the second run still waits for its own.
    expect(second.observeEvent(launched, 0, 2100)).toEqual([]);
    expect(second.outstanding({ items: false, events: true }).count).toBe(1);
    expect(notes[0]).toMatch(
      /^event television\.app-launched\("films"\) is the late event of an earlier run’s request at 100/,
    );
    expect(withLateArrivals([missing!], overdue)[0]?.observed).toBe(
      'no such event within the window; event television.app-launched("films") came late: 2,000 ms after the response, 1,000 ms past the 1,000 ms window',
    );
    second.observeProperties([{ siid: 2, piid: 6, value: 'films' }], 0, 2050);
    expect(second.observeEvent(launched, 0, 2200)).toEqual([]);
    expect(second.expire(5000)).toEqual([]);
  });
});
