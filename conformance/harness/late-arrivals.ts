/**
 * A failed run's record, told what came after it (issue 18 C/D, partner5): a missing item or
 * event (EDP-NOTIFY-1, EDP-ACT-1) that did come later — in a later run, or while late items were
 * drained before a replay — reads "came late: 2,013 ms after the response, 1,013 ms past the
 * 1,000 ms window", not "no such item", and the trace ends with a note saying so. Applied when the
 * suite ends, once everything that was going to come has come.
 */
import type { TraceEntry } from '../../src/result/index.js';
import { cameLate, withLateArrivals } from '../judge/late-arrival-text.js';
import type { OverdueChanges } from '../judge/overdue-changes.js';
import type { RunRecord } from './run-outcome.js';

export function explainLateArrivals(record: RunRecord, overdue: OverdueChanges): RunRecord {
  const violations = withLateArrivals(record.violations, overdue);
  const late = violations.flatMap((v) => {
    const arrival = v.owedId === undefined ? undefined : overdue.arrivalOf(v.owedId);
    return arrival === undefined ? [] : [{ rule: v.rule, arrival }];
  });
  if (late.length === 0) return record;
  const atMs = record.trace.at(-1)?.atMs ?? 0;
  const notes = late.map(
    ({ rule, arrival }): TraceEntry => ({
      atMs,
      direction: 'note',
      channel: 'harness',
      message: `after this trace: ${cameLate(arrival)} (${rule}, owed by ${arrival.owed.cause.description})`,
    }),
  );
  return { ...record, violations, trace: [...record.trace, ...notes] };
}
