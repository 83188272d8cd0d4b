/**
 * A session the hub cuts short (it refuses the session's next connection) is judged on the record
 * as it stood then (HubSession.judgeSoFar, seen-failures.ts): what is due is not yet missing, and
 * what was received is final. Proven here: every legal history (legal-hub-history.ts), cut at any
 * moment of its session, is judged clean; and the stray notification a flooding hub sends (a
 * device no token is granted) is found in the cut record as soon as it arrived, as EDP-HUB-5.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord, LatenessSample } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { legalHubHistory } from './legal-hub-history.js';

const T = resolveHubTimeouts();
const CUT_RUNS = 2_000;
/** A moment anywhere in a span, evenly (fc.double leans to its bounds: every cut would fall at the start). */
const FRACTION = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000);

/** The judge's lateness at `atMs`, read between the samples around it (a stall counts as it goes). */
function latenessAt(samples: readonly LatenessSample[], atMs: number): number {
  let before: LatenessSample | undefined;
  for (const s of samples) {
    if (s.atMs > atMs)
      return before === undefined
        ? 0
        : before.lateMs + ((s.lateMs - before.lateMs) * (atMs - before.atMs)) / (s.atMs - before.atMs);
    before = s;
  }
  return before?.lateMs ?? 0;
}

/**
 * The record a session cut at `cutMs` would have: what happened by then, the connections still
 * open, the judge's lateness sampled at the cut. The fleet is the history's (a device that first
 * connects later was in the fleet all along in this world, as a late device is once it is added).
 */
function cutRecord(record: HubRunRecord, cutMs: number): HubRunRecord {
  const by = <X extends { readonly atMs: number }>(xs: readonly X[]) => xs.filter((x) => x.atMs <= cutMs);
  const devices = new Map(
    [...record.devices].map(([id, d]) => [id, { ...d, received: by(d.received), sent: by(d.sent) }]),
  );
  return {
    ...record,
    endMs: cutMs,
    connections: record.connections
      .filter((c) => c.openedAtMs <= cutMs)
      .map(({ closedAtMs, ...c }) =>
        closedAtMs !== undefined && closedAtMs <= cutMs ? { ...c, closedAtMs } : c,
      ),
    requests: record.requests.filter((r) => r.sentAtMs <= cutMs),
    frames: by(record.frames),
    upgrades: by(record.upgrades),
    devices,
    ...(record.lateness === undefined
      ? {}
      : { lateness: [...by(record.lateness), { atMs: cutMs, lateMs: latenessAt(record.lateness, cutMs) }] }),
  };
}

/** The session's last request or frame: cuts fall while it is under way, not in its quiet end. */
const lastActivity = (record: HubRunRecord) =>
  Math.max(record.startMs, ...record.requests.map((r) => r.sentAtMs), ...record.frames.map((f) => f.atMs));

const describeViolations = (record: HubRunRecord) =>
  judgeHubRun(record, T).violations.map(
    (v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.expected} / ${v.observed}`,
  );

describe('the hub judge on a session cut short', () => {
  it(`finds no violation in ${CUT_RUNS} legal histories, each cut at a moment of its session`, () => {
    let pendingAtCut = 0;
    fc.assert(
      fc.property(legalHubHistory, FRACTION, ({ record }, at) => {
        const cutMs = record.startMs + at * (lastActivity(record) - record.startMs);
        const cut = cutRecord(record, cutMs);
        if (judgeHubRun(cut, T).pendingUntilMs !== undefined) pendingAtCut++;
        expect(describeViolations(cut), `cut at ${cutMs.toFixed(1)} ms`).toEqual([]);
      }),
      { numRuns: CUT_RUNS, seed: Number(process.env.FLEETCERT_JUDGE_SEED ?? 18) },
    );
    // Not vacuous: many cuts leave something due (an answer, a notification) that is not yet missing.
    console.info(`${pendingAtCut} of ${CUT_RUNS} cuts left something due`);
    expect(pendingAtCut).toBeGreaterThan(CUT_RUNS / 10);
  });

  it('finds a notification of a device no token is granted as soon as it arrived, as EDP-HUB-5', () => {
    fc.assert(
      fc.property(legalHubHistory, FRACTION, FRACTION, ({ record, unknown }, strayAt, cutAt) => {
        const connection = record.connections[0]?.name as string;
        const atMs = record.startMs + strayAt * (record.endMs - record.startMs);
        const cutMs = atMs + cutAt * (record.endMs - atMs);
        const stray = {
          connection,
          atMs,
          message: { method: 'device.properties_changed', params: { deviceId: unknown, items: [] } },
        };
        const flooded = { ...record, frames: [...record.frames, stray].sort((a, b) => a.atMs - b.atMs) };
        const violations = judgeHubRun(cutRecord(flooded, cutMs), T).violations;
        expect(violations.map((v) => [v.rule, v.lane, v.atMs])).toEqual([['EDP-HUB-5', connection, atMs]]);
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});
