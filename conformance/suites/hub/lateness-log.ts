/**
 * The judge's lateness samples of the sessions already run on one certification's context, the
 * last CARRY_MS of them: a presence change the fleet records from an earlier session (the
 * offline a failing session left behind, before the rerun's reset) has a window that opened
 * before the new session's own first sample, and what the judge's loop lost in it was measured
 * then. A session starts its record with these, so the judge widens that window by what was
 * measured in it, not by nothing and not by the process's whole running total (issue 18).
 */
import type { LatenessSample } from './hub-run-record.js';

/** How far back a session's record reaches: well past every section 8 window (2 s, D + 1 s) widened by a stall. */
export const CARRY_MS = 30_000;

export class LatenessLog {
  private samples: LatenessSample[] = [];

  /** Samples of a session just judged, oldest first. Only where the total moved is kept (the judge reads between moves). */
  add(samples: readonly LatenessSample[]): void {
    for (const s of samples) {
      const last = this.samples[this.samples.length - 1];
      if (last !== undefined && s.atMs <= last.atMs) continue;
      const beforeLast = this.samples[this.samples.length - 2];
      // Three in a row with one total: the middle one tells nothing the outer two do not.
      if (
        last !== undefined &&
        beforeLast !== undefined &&
        last.lateMs === s.lateMs &&
        beforeLast.lateMs === s.lateMs
      )
        this.samples[this.samples.length - 1] = s;
      else this.samples.push(s);
    }
  }

  /** The samples at or after `fromMs` and before `beforeMs`, oldest first. */
  between(fromMs: number, beforeMs: number): LatenessSample[] {
    const kept = this.samples.filter((s) => s.atMs >= fromMs);
    this.samples = kept;
    return kept.filter((s) => s.atMs < beforeMs);
  }
}
