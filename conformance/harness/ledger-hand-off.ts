/**
 * The hand-off of notifications between runs. A run whose ledger still expects notifications
 * when it closes leaves that ledger lingering until its last deadline; a later run offers each
 * notification to the lingering ledgers, so a late (but timely) item is judged by the run that
 * caused it, never by the next one — and never swallows the later run's own evidence. An item
 * later still, however many runs later, is taken by the change of any earlier run that still
 * owes it (the ledger's overdue changes): a late EDP-NOTIFY-1 item, never a later run's evidence.
 */
import type { Notification } from '../../src/protocol/index.js';
import type { NotificationLedger } from '../judge/notification-ledger.js';
import type { Violation } from '../judge/violation.js';
import type { HarnessContext, HarnessStats } from './harness-context.js';
import type { JudgeClock } from './judge-lateness.js';

type Lingering = HarnessContext['lingering'];

/** Leaves a closing run's `ledger` lingering while it still expects something (after `clock.now()`). */
export function leaveLingering(lingering: Lingering, ledger: NotificationLedger, clock: JudgeClock): void {
  const untilMs = ledger.lastDeadline();
  if (Number.isFinite(untilMs) && untilMs > clock.now()) lingering.push({ ledger, untilMs });
}

/** Ledgers of earlier runs still waiting for notifications at `atMs` (the others are dropped). */
export function lingeringLedgers(lingering: Lingering, atMs: number): NotificationLedger[] {
  for (let i = lingering.length - 1; i >= 0; i--)
    if ((lingering[i] as { untilMs: number }).untilMs < atMs) lingering.splice(i, 1);
  return lingering.map((l) => l.ledger);
}

/** Where a run's judgements of a notification go (the run session). */
export interface NotificationSink {
  record(violations: readonly Violation[], ref?: number): void;
  note(text: string): void;
}

/** One notification as it reached a run, and what that run can judge it with. */
export interface ArrivedNotification {
  readonly notification: Notification;
  /** Its trace entry. */
  readonly ref: number;
  /** When it arrived, on the judge's clock. */
  readonly judgedAtMs: number;
  /** This run's ledger. */
  readonly ledger: NotificationLedger;
  /** The ledgers of earlier runs still lingering at `judgedAtMs`. */
  readonly earlier: readonly NotificationLedger[];
  /**
   * Whether this run has sent a request that may change something: before that, nothing of this
   * run can have caused a notification.
   */
  readonly epochOpen: boolean;
}

/**
 * Judges a notification by the run that caused it: before this run's epoch opens it is an earlier
 * run's (claimed or not, never judged here); after, this run's owed change first, then an earlier
 * run's late item, else this run's ledger judges it.
 */
export function handOffNotification(
  arrived: ArrivedNotification,
  sink: NotificationSink,
  stats: HarnessStats,
): void {
  const { notification: n, ref, judgedAtMs, ledger, earlier } = arrived;
  if (!arrived.epochOpen) {
    // Nothing of this run can have caused it yet: an earlier run's, whether it claims it or not.
    if (n.method === 'properties_changed') {
      for (const item of n.params)
        if (!earlier.some((l) => l.claim(item))) ledger.claimLate(item, judgedAtMs);
    } else if (n.method === 'event_occurred' && !earlier.some((l) => l.claimEvent(n.params)))
      ledger.claimLateEvent(n.params, judgedAtMs);
    sink.note('a notification from before this run wrote anything: an earlier run’s, not judged here');
  } else if (n.method === 'properties_changed') {
    // This run's owed change first; then an earlier run's late item; else this run judges it.
    for (const item of n.params) {
      // An earlier run may claim an item only for a property this run expects nothing of: once
      // this run has written it, an earlier run's unmet expectation must not swallow its evidence.
      // An earlier run's late item or stray write explains it unless one of this run's changes
      // still owes that very value (then this run's evidence stays with this run).
      const mine = ledger.wants(item);
      if (mine || !earlier.some((l) => l.claim(item)))
        sink.record(ledger.observeProperties([item], ref, judgedAtMs), ref);
      else
        sink.note(
          `${ledger.describeItem(item)} is an item an earlier run still expected, in time for it: not judged here`,
        );
    }
    stats.slowestNotificationMs = Math.max(stats.slowestNotificationMs, ledger.slowestNotificationMs);
  } else if (n.method === 'event_occurred' && !earlier.some((l) => l.claimEvent(n.params))) {
    sink.record(ledger.observeEvent(n.params, ref, judgedAtMs), ref);
  }
}
