/** Notifications judged against the predicted state history (EDP-NOTIFY-1/2/3, EDP-ACT-1 for events). */
import { describe, expect, it } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { emptyState, type JudgeState, known, withValue } from './knowledge.js';
import type { ModelIndex } from './model-index.js';
import { NotificationLedger } from './notification-ledger.js';
import { predictRequest, type RequestBody } from './predict-request.js';

const tv = fixtureIndex('tv');
const purifier = fixtureIndex('purifier');

function start(
  index: ModelIndex,
  values: Record<string, unknown>,
): { ledger: NotificationLedger; state: JudgeState } {
  let state = emptyState();
  for (const [key, value] of Object.entries(values)) {
    const [siid, piid] = key.split('.').map(Number);
    state = withValue(state, index.property(siid, piid)!, known(value as never, 'read'));
  }
  return { ledger: new NotificationLedger(index, { notificationDeadlineMs: 1000 }, state), state };
}

function send(
  index: ModelIndex,
  ledger: NotificationLedger,
  state: JudgeState,
  body: RequestBody,
  key = 1,
  respondedAt = 0,
): JudgeState {
  const p = predictRequest(index, state, body);
  ledger.setState(p.next);
  ledger.expect(p.changes, p.events, { requestKey: key, description: `request ${key}` }, p.quiet ?? []);
  ledger.responded(key, respondedAt);
  return p.next;
}

const ON = { '2.1': true, '2.2': 10, '2.3': false, '2.4': 5, '2.5': 0, '2.6': '' };
const rules = (vs: Array<{ rule: string }>) => vs.map((v) => v.rule);

describe('properties_changed', () => {
  it('accepts one item per change, in order, grouped in any way, before or after the response', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, {
      method: 'set_properties',
      params: [
        { siid: 2, piid: 2, value: 11 },
        { siid: 2, piid: 2, value: 12 },
        { siid: 2, piid: 3, value: true },
      ],
    });
    expect(ledger.observeProperties([{ siid: 2, piid: 2, value: 11 }])).toEqual([]);
    expect(
      ledger.observeProperties([
        { siid: 2, piid: 3, value: true },
        { siid: 2, piid: 2, value: 12 },
      ]),
    ).toEqual([]);
    expect(ledger.expire(5000)).toEqual([]);
    expect(ledger.outstanding().count).toBe(0);
  });
  it('a missing item breaks EDP-NOTIFY-1 once its deadline (1 s after the response) has passed', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, { method: 'set_properties', params: [{ siid: 2, piid: 2, value: 11 }] }, 1, 100);
    expect(ledger.expire(1100)).toEqual([]);
    expect(rules(ledger.expire(1101))).toEqual(['EDP-NOTIFY-1']);
  });
  it('an item for an unchanged value breaks EDP-NOTIFY-1; a stale value EDP-NOTIFY-2; items out of order EDP-NOTIFY-2', () => {
    const a = start(tv, ON);
    send(tv, a.ledger, a.state, { method: 'set_properties', params: [{ siid: 2, piid: 1, value: true }] });
    expect(rules(a.ledger.observeProperties([{ siid: 2, piid: 1, value: true }]))).toEqual(['EDP-NOTIFY-1']);
    const b = start(tv, ON);
    send(tv, b.ledger, b.state, { method: 'set_properties', params: [{ siid: 2, piid: 2, value: 11 }] });
    // Judged once the change's deadline has passed: a later item could still explain it.
    expect(b.ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }])).toEqual([]);
    expect(rules(b.ledger.expire(5000))).toEqual(['EDP-NOTIFY-2']);
    const c = start(tv, ON);
    send(tv, c.ledger, c.state, {
      method: 'set_properties',
      params: [
        { siid: 2, piid: 2, value: 11 },
        { siid: 2, piid: 2, value: 12 },
      ],
    });
    expect(c.ledger.observeProperties([{ siid: 2, piid: 2, value: 12 }])).toEqual([]);
    expect(c.ledger.observeProperties([{ siid: 2, piid: 2, value: 11 }])).toEqual([]);
    expect(rules(c.ledger.expire(5000))).toEqual(['EDP-NOTIFY-2']);
  });
  it('judges volatile properties by validity only, at any time', () => {
    const { ledger } = start(purifier, {});
    expect(ledger.observeProperties([{ siid: 3, piid: 1, value: 35 }])).toEqual([]);
    expect(rules(ledger.observeProperties([{ siid: 3, piid: 1, value: 5000 }]))).toEqual(['EDP-NOTIFY-2']);
    expect(rules(ledger.observeProperties([{ siid: 9, piid: 9, value: 1 }]))).toEqual(['EDP-NOTIFY-2']);
  });
  it('does not expect items for properties it does not know, nor judge them strictly', () => {
    const { ledger } = start(tv, {});
    expect(ledger.observeProperties([{ siid: 2, piid: 2, value: 40 }])).toEqual([]);
  });
});

describe('event_occurred', () => {
  it('expects events emitted by actions with the arguments at that point (EDP-ACT-1) and lets others through (EDP-NOTIFY-3)', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, {
      method: 'action',
      params: { siid: 2, aiid: 5, in: [{ piid: 6, value: 'films' }] },
    });
    expect(ledger.observeEvent({ siid: 2, eiid: 1, arguments: [{ piid: 6, value: 'news' }] })).toEqual([]);
    expect(ledger.outstanding({ items: false, events: true }).count).toBe(1);
    expect(ledger.observeEvent({ siid: 2, eiid: 1, arguments: [{ piid: 6, value: 'films' }] })).toEqual([]);
    expect(ledger.outstanding({ items: false, events: true }).count).toBe(0);
  });
  it('a missing emitted event breaks EDP-ACT-1, showing what came instead', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, {
      method: 'action',
      params: { siid: 2, aiid: 5, in: [{ piid: 6, value: 'films' }] },
    });
    ledger.observeProperties([{ siid: 2, piid: 6, value: 'films' }]);
    ledger.observeEvent({ siid: 2, eiid: 1, arguments: [{ piid: 6, value: '' }] });
    const found = ledger.expire(2000);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'EDP-ACT-1', observed: 'only television.app-launched("")' });
  });
  it('invalid or unknown events break EDP-NOTIFY-3', () => {
    const { ledger } = start(purifier, {});
    expect(ledger.observeEvent({ siid: 4, eiid: 1, arguments: [{ piid: 1, value: 0 }] })).toEqual([]);
    expect(rules(ledger.observeEvent({ siid: 4, eiid: 1, arguments: [{ piid: 1, value: 101 }] }))).toEqual([
      'EDP-NOTIFY-3',
    ]);
    expect(rules(ledger.observeEvent({ siid: 4, eiid: 1, arguments: [] }))).toEqual(['EDP-NOTIFY-3']);
    expect(rules(ledger.observeEvent({ siid: 4, eiid: 9, arguments: [] }))).toEqual(['EDP-NOTIFY-3']);
  });
});

describe('blame for items nobody expected (issue 11)', () => {
  const write = (piid: number, value: unknown): RequestBody => ({
    method: 'set_properties',
    params: [{ siid: 2, piid, value }],
  });

  it('an unchanged write’s stray item is EDP-NOTIFY-1, also when it arrives while a later change is in flight', () => {
    const { ledger, state } = start(tv, ON);
    // volume is 10: writing 10 changes nothing; then 20 changes it; the stray 10 comes before 20.
    const s1 = send(tv, ledger, state, write(2, 10), 1, 0);
    send(tv, ledger, s1, write(2, 20), 2, 5);
    expect(ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }])).toEqual([]);
    expect(ledger.observeProperties([{ siid: 2, piid: 2, value: 20 }])).toEqual([]);
    const judged = ledger.expire(5000);
    expect(rules(judged)).toEqual(['EDP-NOTIFY-1']);
    expect(judged[0]?.expected).toContain('request 1 wrote 10, which it already held');
  });

  it('an old value in place of a change’s item is EDP-NOTIFY-2 (stale) alone, even after an unchanged write of it (issue 18: one violation, not a stray item and a missing one)', () => {
    const { ledger, state } = start(tv, ON);
    const s1 = send(tv, ledger, state, write(2, 10), 1, 0);
    send(tv, ledger, s1, write(2, 20), 2, 5);
    expect(ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }])).toEqual([]);
    expect(rules(ledger.expire(5000))).toEqual(['EDP-NOTIFY-2']);
  });

  it('during a repeat, only an item carrying what the repeat would have written is EDP-RPC-5', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, write(2, 10), 1, 0);
    const executed = predictRequest(tv, state, write(2, 30));
    ledger.expect(
      [],
      [],
      { requestKey: 2, description: 'repeat of #1' },
      executed.changes.map((c) => ({ kind: 'forbidden' as const, property: c.property, value: c.value })),
    );
    expect(rules(ledger.observeProperties([{ siid: 2, piid: 2, value: 10 }]))).toEqual(['EDP-NOTIFY-1']);
    expect(rules(ledger.observeProperties([{ siid: 2, piid: 2, value: 30 }]))).toEqual(['EDP-RPC-5']);
  });

  it('an item for a write that had to be refused is marked a consequence of EDP-PROP-4', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, write(2, 10.5), 1, 0);
    const judged = ledger.observeProperties([{ siid: 2, piid: 2, value: 10.5 }]);
    expect(judged.map((v) => [v.rule, v.consequenceOf])).toEqual([['EDP-NOTIFY-2', 'EDP-PROP-4']]);
  });

  it('an ended run claims the stray item of its unchanged write, so a later run does not judge it', () => {
    const { ledger, state } = start(tv, ON);
    send(tv, ledger, state, write(2, 10), 1, 0);
    expect(ledger.claim({ siid: 2, piid: 2, value: 10 })).toBe(true);
    expect(ledger.claim({ siid: 2, piid: 2, value: 10 })).toBe(false);
  });
});
