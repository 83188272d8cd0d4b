/**
 * Issue 18: the counterexamples the single-fault property found at FLEETCERT_JUDGE_MUTATION_RUNS=300
 * (seeds 18 and 1..6), kept as fixed histories so they stay fixed whatever the generator draws.
 * Each is a legal history (judged clean), one mutator and its pick; the mutation must be blamed
 * on the mutator's rule alone, or the mutator must find no place where its fault would break a
 * second rule.
 */
import { describe, expect, it } from 'vitest';
import {
  bulbRepeatOfRefusedAction,
  bulbRepeatWritesBack,
  lockOff,
  lockOn,
  plugEventTwice,
  purifierLockThrice,
  tvRepeatOfTheOldValue,
} from './counterexample-histories.js';
import type { DeviceHistory } from './device-history.js';
import { items } from './history-builders.js';
import { judgeDeviceHistory } from './judge-device-history.js';
import { leadsOf } from './leads.js';
import type { LegalCase } from './legal-device-history.js';
import { MUTATORS } from './single-fault-mutators.js';

const mutator = (name: string) => {
  const found = MUTATORS.find((m) => m.name === name);
  if (found === undefined) throw new Error(`no mutator named "${name}"`);
  return found;
};
const HELD = mutator('an unasked item with the value a property held, before the item of its next change');
const EXECUTED = mutator('a repeat executed (its changes notified)');
const DROPPED = mutator('an emitted event dropped');
const DELAYED = mutator(
  'a request’s items delayed past the window by any amount, possibly past later requests',
);

const explain = (c: LegalCase, h: DeviceHistory) =>
  judgeDeviceHistory(c.index, h)
    .map((v) => `${v.rule}: expected ${v.expected}; observed ${v.observed}`)
    .join('\n');

describe('single-fault counterexamples found at 300 runs (issue 18)', () => {
  const cases = [
    { what: 'tv, a repeat writing the old value', c: tvRepeatOfTheOldValue, m: HELD, pick: 12 },
    { what: 'bulb, a repeated batch writing the value back', c: bulbRepeatWritesBack, m: HELD, pick: 0 },
    { what: 'bulb, a repeat of a refused action', c: bulbRepeatOfRefusedAction, m: EXECUTED, pick: 0 },
  ];
  for (const { what, c, m, pick } of cases)
    it(`${what}: "${m.name}" is blamed on ${m.rule} alone`, () => {
      expect(explain(c, c.history)).toBe('');
      const mutated = m.mutate(c, pick);
      expect(mutated).toBeDefined();
      const history = mutated as DeviceHistory;
      expect(leadsOf(judgeDeviceHistory(c.index, history)), explain(c, history)).toEqual([m.rule]);
    });

  it('an item of the held value sent right after the repeat that wrote it is EDP-NOTIFY-1 alone', () => {
    const held = items(26, 1, [{ siid: 2, piid: 1, value: false }]);
    const history = { ...tvRepeatOfTheOldValue.history };
    const entries = [...history.entries];
    entries.splice(3, 0, held);
    const found = judgeDeviceHistory(tvRepeatOfTheOldValue.index, { ...history, entries });
    expect(found.map((v) => v.rule)).toEqual(['EDP-NOTIFY-1']);
  });

  it("step 1's item held back past step 3's of the same value reads as a timely swap (EDP-NOTIFY-2)", () => {
    const c = purifierLockThrice;
    expect(explain(c, c.history)).toBe('');
    const entries = c.history.entries.map((e) =>
      e.kind === 'received' && e.atMs === 3282 ? items(3282, 3, [...lockOff, ...lockOn], [2, 3]) : e,
    );
    const history = { ...c.history, entries: [...entries, items(3318, 1, lockOn)] };
    expect(judgeDeviceHistory(c.index, history).map((v) => v.rule)).toEqual(['EDP-NOTIFY-2']);
    // So the late-item mutator does not hold an item back past a later one of the same value (seeds 1, 6).
    expect(DELAYED.mutate(c, 5)).toBeUndefined();
  });

  it("an action's event dropped beside a spontaneous twin leaves nothing missing (seed 6)", () => {
    const c = plugEventTwice;
    expect(explain(c, c.history)).toBe('');
    const entries = c.history.entries.filter((e) => !(e.kind === 'received' && e.role === 'event'));
    expect(explain(c, { ...c.history, entries })).toBe('');
    expect(DROPPED.mutate(c, 0)).toBeUndefined();
  });

  it('the executed-repeat mutator writes no value the property held before a change whose item comes later', () => {
    // The repeat's only write is `on` = false, held until the first write, whose item comes at 629:
    // a device that executed the repeat and notified it at once sent its items backwards.
    for (let pick = 0; pick < 20; pick++)
      expect(EXECUTED.mutate(tvRepeatOfTheOldValue, pick)).toBeUndefined();
  });
});
