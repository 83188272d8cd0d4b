/**
 * What every run of one certification shares: the link to the device, the model index, the
 * request id source (ids stay unique across runs, shrinking and replay: EDP-RPC-5), timing,
 * and counters for the result (requests sent, response latencies).
 */

import type { RequestIdSource } from '../../src/protocol/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { ModelIndex } from '../judge/model-index.js';
import type { NotificationLedger } from '../judge/notification-ledger.js';
import { OverdueChanges } from '../judge/overdue-changes.js';
import { VolatileChangeWatch } from '../judge/volatile-change-watch.js';
import type { DeviceLink } from './device-link.js';
import { issuedRequestIds } from './issued-request-ids.js';
import { watchVolatileItems } from './volatile-reads.js';

export interface HarnessTiming {
  /** Section 7: 2 s by default, only ever longer. */
  readonly responseDeadlineMs: number;
  /** Section 7: 1 s by default, only ever longer. */
  readonly notificationDeadlineMs: number;
  /**
   * How long a run waits, once everything it expects has arrived, for stray messages (a second
   * response, a notification for nothing) before it ends. Not a protocol deadline.
   */
  readonly quietMs: number;
}

export interface HarnessStats {
  requests: number;
  readonly latenciesMs: number[];
  /** Requests in a row that got no response at all; reset by any response. */
  unansweredInARow: number;
  /** The longest the device took to notify a change after its response, in this certification. */
  slowestNotificationMs: number;
}

export interface HarnessContext {
  readonly link: DeviceLink;
  readonly index: ModelIndex;
  readonly ids: RequestIdSource;
  readonly timing: HarnessTiming;
  /** Every id this certification has sent, so a late answer from an earlier run is recognised. */
  readonly sentIds: Set<number>;
  readonly stats: HarnessStats;
  /**
   * Set once the device has failed batch order (EDP-RPC-3): run setups then read and write one
   * item at a time, so the other rules stay judgeable.
   */
  batchesBroken: boolean;
  /**
   * Property key → the rule whose failure may have left it holding an invalid value: the device
   * accepted a call it had to refuse (EDP-ACT-2, EDP-PROP-4) and stored what it was given. A later
   * run reading that value back is judged a consequence of that rule, not a new EDP-PROP-1.
   */
  readonly leftInvalid: Map<string, RuleId>;
  /**
   * Ledgers of ended runs that still expected notifications: a late (but timely) item of an
   * earlier run is theirs, not the current run's to judge.
   */
  readonly lingering: Array<{ readonly ledger: NotificationLedger; readonly untilMs: number }>;
  /**
   * Reads of volatile notify properties and every item for them, across runs: two reads that
   * differ with no item in between break EDP-NOTIFY-1 (judge/volatile-change-watch.ts).
   */
  readonly volatileWatch: VolatileChangeWatch;
  /**
   * Changes of any run so far whose item did not come in time: an item one of them explains,
   * however many runs later it comes, is that change's late item (EDP-NOTIFY-1), never the
   * current run's evidence (issue 18).
   */
  readonly overdue: OverdueChanges;
  /** Enumerated cases sent so far, as `RULE name` (generators/enumerated-cases.ts). */
  readonly coveredCases: Set<string>;
  /** Called when a run of the model-based suite ends (progress on a terminal). */
  onRunDone?: () => void;
}

export function createHarnessContext(
  link: DeviceLink,
  index: ModelIndex,
  ids: RequestIdSource,
  timing: HarnessTiming,
): HarnessContext {
  const issued = issuedRequestIds(ids);
  const volatileWatch = new VolatileChangeWatch(index, timing.notificationDeadlineMs, link.now());
  // For the whole certification: the link is the caller's, and closing it ends the subscription's use.
  watchVolatileItems(link, volatileWatch);
  return {
    link,
    index,
    ids: issued,
    timing,
    sentIds: issued.issued,
    stats: { requests: 0, latenciesMs: [], unansweredInARow: 0, slowestNotificationMs: 0 },
    batchesBroken: false,
    leftInvalid: new Map(),
    lingering: [],
    overdue: new OverdueChanges(),
    coveredCases: new Set(),
    volatileWatch,
  };
}
