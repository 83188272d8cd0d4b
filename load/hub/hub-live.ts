/**
 * What a hub load run shows while it runs (`--metrics`): counts kept as the frames go by, one
 * increment each, and, once the run is counted against the fleet's records, the counted figures.
 * The live figures are what the app side saw (sent, first answers on the asking connection,
 * the hub's own error codes, answers on the wrong connection, notifications received, leaks);
 * the counted ones say which answers were right and which notifications were lost.
 */
import type { Histogram } from 'hdr-histogram-js';
import { EnvelopeCode, HubCode, ItemCode } from '../../src/protocol/index.js';
import type { LoadCounters } from '../measure/counters.js';
import { createHistogram, recordMs } from '../measure/histogram.js';
import type { RequestKind } from '../plan/requests.js';

/**
 * Error codes only a hub answers (section 8: offline, timeout, not granted, busy): never a
 * device's answer, so never a round trip. (-32600/-32602 may be a device's own answer.)
 */
export const HUB_OWN_ERRORS: readonly number[] = [-4010, -4011, -4012, -4013];

/**
 * The error codes a metric names one by one: those of sections 3 and 8. Any other code a hub
 * answers with is counted as `other`: each distinct code once became its own series, and
 * 200,000 codes made a 12.4 MB scrape that blocked the generator for 1.3 s.
 */
export const KNOWN_ERROR_CODES: ReadonlySet<number> = new Set<number>(
  [...Object.values(ItemCode), ...Object.values(EnvelopeCode), ...Object.values(HubCode)].filter(
    (c) => c !== 0,
  ),
);

export class HubLive {
  readonly sentByKind: Record<RequestKind, number> = { get: 0, set: 0, action: 0 };
  /** First answers on the connection that asked, with a result / with an error. */
  results = 0;
  errors = 0;
  /** First answers with an error, by code (the hub's own codes are there from the start). */
  readonly errorCodes = new Map<number | 'other', number>(HUB_OWN_ERRORS.map((code) => [code, 0]));
  /** Answers that reached another connection than the one that asked. */
  wrongApp = 0;
  /** Answers beyond the first on the asking connection. */
  answeredAgain = 0;
  /** Device notifications (changes and events) and presence received by subscribed connections. */
  notifications = 0;
  presence = 0;
  /** Notifications that reached a connection not subscribed to (or not granted) the device. */
  leaked = 0;
  /** Round trips of first answers that came from a device (not the hub's own errors), from the intended time. */
  readonly rtt: Histogram = createHistogram();
  /** The end count, once made, and its notification delays (device sent → subscriber got it). */
  counted: LoadCounters | undefined;
  countedFanout: Histogram | undefined;

  get sent(): number {
    return this.sentByKind.get + this.sentByKind.set + this.sentByKind.action;
  }

  firstAnswer(errorCode: number | undefined, rttMs: number): void {
    if (errorCode === undefined) this.results++;
    else {
      this.errors++;
      const key = KNOWN_ERROR_CODES.has(errorCode) ? errorCode : 'other';
      this.errorCodes.set(key, (this.errorCodes.get(key) ?? 0) + 1);
    }
    if (errorCode === undefined || !HUB_OWN_ERRORS.includes(errorCode)) recordMs(this.rtt, rttMs);
  }
}

/** The run's live view, handed to the metrics once its parts exist. */
export interface HubLoadLive {
  readonly live: HubLive;
  /** Devices this run (shard) runs, and app connections it opens. */
  readonly devices: number;
  readonly apps: number;
  devicesConnected(): number;
  appsConnected(): number;
  /** Commands sent at least `deadline + 1 s` ago and still without an answer. */
  overdue(): number;
}
