/**
 * How late the judge's own event loop ran between two moments of a run, from the samples the
 * session recorded (hub-run-record.ts, LatenessSample). A frame the hub sent in time may sit in
 * the judge's socket while its loop is busy, and be stamped that much later: every hub window
 * (-4011 by D + 1 s, -4010 within 2 s, notifications 1 s, presence 2 s) is widened by what the
 * judge lost in it, never narrowed. Generous on purpose: from the last sample at or before the
 * window opened to the first at or after it closed.
 */
import type { HubRunRecord } from '../hub-run-record.js';

export function judgeLateBetween(record: HubRunRecord, fromMs: number, toMs: number): number {
  const samples = record.lateness;
  if (samples === undefined || samples.length === 0) return 0;
  let before = 0;
  let after: number | undefined;
  for (const s of samples) {
    if (s.atMs <= fromMs) before = s.lateMs;
    if (s.atMs >= toMs && after === undefined) after = s.lateMs;
  }
  const last = samples[samples.length - 1]?.lateMs ?? 0;
  return Math.max(0, (after ?? last) - before);
}
