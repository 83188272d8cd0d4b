/**
 * A failed run's record told what came after it (issue 18 C/D, partner5): its missing items that
 * came later read as late, and its trace ends with a note saying so; a record with nothing that
 * came is left as it was.
 */
import { describe, expect, it } from 'vitest';
import { OverdueChanges } from '../judge/overdue-changes.js';
import { violation } from '../judge/violation.js';
import { explainLateArrivals } from './late-arrivals.js';
import type { RunRecord } from './run-outcome.js';

const cause = { requestKey: 1, description: 'setup write (#42)', traceRef: 1 };

function owe(overdue: OverdueChanges, value: number): number {
  return overdue.add({
    key: '2.8',
    accepts: (v) => v === value,
    cause,
    deadlineMs: 1153.6,
    windowMs: 1000,
    shown: `blind.speed = ${value}`,
    owner: {},
  });
}

function record(owedIds: readonly number[]): RunRecord {
  return {
    commands: ['get device-information.model(1.2)'],
    commandRequests: 1,
    trace: [{ atMs: 211.5, direction: 'note', channel: 'harness', message: 'last' }],
    violations: owedIds.map((owedId) => ({
      ...violation('EDP-NOTIFY-1', 'one properties_changed item blind.speed = …', 'no such item', 1),
      owedId,
    })),
  };
}

describe('explainLateArrivals', () => {
  it('tells a missing item that came later as late, with a closing trace note; one that never came stays missing', () => {
    const overdue = new OverdueChanges();
    const came = owe(overdue, 1);
    const never = owe(overdue, 9);
    overdue.take('2.8', 1, undefined, 2166.6);
    const told = explainLateArrivals(record([came, never]), overdue);
    expect(told.violations.map((v) => v.observed)).toEqual([
      'no such item within the window; blind.speed = 1 came late: 2,013 ms after the response, 1,013 ms past the 1,000 ms window',
      'no such item',
    ]);
    expect(told.trace.at(-1)).toEqual({
      atMs: 211.5,
      direction: 'note',
      channel: 'harness',
      message:
        'after this trace: blind.speed = 1 came late: 2,013 ms after the response, 1,013 ms past the 1,000 ms window (EDP-NOTIFY-1, owed by setup write (#42))',
    });
  });

  it('leaves a record whose items never came as it was', () => {
    const overdue = new OverdueChanges();
    const r = record([owe(overdue, 1)]);
    expect(explainLateArrivals(r, overdue)).toBe(r);
  });

  it('an item in time is no late arrival', () => {
    const overdue = new OverdueChanges();
    const id = owe(overdue, 1);
    expect(overdue.take('2.8', 1, undefined, 1100)?.late).toBeUndefined();
    expect(overdue.arrivalOf(id)).toBeUndefined();
  });
});
