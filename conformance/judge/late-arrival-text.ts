/**
 * How a late notification reads (issue 18 C/D, partner5): an item or event that came after its
 * deadline is not "no such item". The run that was owed it says it came late and how late; a run
 * whose trace shows it says whose late item it is, so the evidence never seems to contradict the
 * verdict.
 */
import type { LateArrival, OverdueChanges, Taken } from './overdue-changes.js';
import type { Violation } from './violation.js';

/** Milliseconds as a partner reads them: whole, digits grouped (`2,013 ms`); locale-free. */
export function readableMs(ms: number): string {
  return `${String(Math.round(ms)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} ms`;
}

/** The observed side of a violation whose item (or event) came after its deadline. */
export function cameLate(arrival: LateArrival): string {
  return `${arrival.owed.shown} came late: ${readableMs(arrival.afterResponseMs)} after the response, ${readableMs(arrival.pastDeadlineMs)} past the ${readableMs(arrival.owed.windowMs)} window`;
}

/**
 * A trace note for a notification an earlier change took as its late one: `owner` is the ledger
 * of the run whose trace shows it (its own change, judged already, or an earlier run's).
 */
export function lateNotificationNote(arrived: string, taken: Taken, owner: object): string {
  const whose = taken.owed.owner === owner ? 'this run’s' : 'an earlier run’s';
  const event = taken.owed.key.startsWith('event ');
  const late = taken.late === undefined ? '' : `, ${readableMs(taken.late.pastDeadlineMs)} past its deadline`;
  return `${arrived} is the late ${event ? 'event' : 'item'} of ${whose} ${taken.owed.cause.description}${late} (${event ? 'EDP-ACT-1' : 'EDP-NOTIFY-1'} there): not judged here`;
}

/**
 * The violations of a run, each "no such item" / "no such event" whose notification has since
 * come (later in the run, in a later run, while late items were drained before a replay) saying
 * it came late, and how late.
 */
export function withLateArrivals(violations: readonly Violation[], overdue: OverdueChanges): Violation[] {
  return violations.map((v) => {
    const arrival = v.owedId === undefined ? undefined : overdue.arrivalOf(v.owedId);
    return arrival === undefined
      ? v
      : { ...v, observed: `${v.observed} within the window; ${cameLate(arrival)}` };
  });
}
