/**
 * How late the judge's own event loop ran between two moments of a run, from the samples the
 * session recorded (hub-run-record.ts, LatenessSample). A frame the hub sent in time may sit in
 * the judge's socket while its loop is busy, and be stamped that much later: every hub window
 * (-4011 by D + 1 s, -4010 within 2 s, notifications 1 s, presence 2 s) is widened by what the
 * judge lost in it, never narrowed. Generous on purpose: from the last sample at or before the
 * window opened to the first at or after it closed.
 *
 * Only what the run measured counts: a window that opened before the run's first sample (a
 * presence change from an earlier session, kept in the device's records) counts from that sample.
 * The samples are a process-wide total, so reading the time before the first one as zero would
 * charge the window with all the lateness the process ever had (issue 18: with three
 * certifications in one process, 2 s of it made an earlier session's offline look "in time" for
 * the presence news of the rerun's own offline, the rerun's offline looked unheard, and the
 * `-4011` of a hub that forwards to offline devices was excused: "seen, not reproduced").
 */
import type { HubRunRecord } from '../hub-run-record.js';

export function judgeLateBetween(record: HubRunRecord, fromMs: number, toMs: number): number {
  const samples = record.lateness;
  if (samples === undefined || samples.length === 0) return 0;
  let before = samples[0]?.lateMs ?? 0;
  let after: number | undefined;
  for (const s of samples) {
    if (s.atMs <= fromMs) before = s.lateMs;
    if (s.atMs >= toMs && after === undefined) after = s.lateMs;
  }
  const last = samples[samples.length - 1]?.lateMs ?? 0;
  return Math.max(0, (after ?? last) - before);
}
