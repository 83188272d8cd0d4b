/**
 * A legal-history freedom the judge brings itself: its event loop stalls (a busy machine), and
 * every app frame that came in the stall is stamped when the loop resumes. The session records
 * the stall as lateness samples (HubRunRecord.lateness), so the judge must still find nothing.
 */
import type { HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';

export function withJudgeStall(record: HubRunRecord, stallAtMs: number, stallMs: number): HubRunRecord {
  const resumeMs = stallAtMs + stallMs;
  return {
    ...record,
    frames: record.frames.map((f) =>
      f.atMs >= stallAtMs && f.atMs < resumeMs ? { ...f, atMs: resumeMs } : f,
    ),
    lateness: [
      { atMs: record.startMs, lateMs: 0 },
      { atMs: stallAtMs, lateMs: 0 },
      { atMs: resumeMs, lateMs: stallMs },
    ],
  };
}
