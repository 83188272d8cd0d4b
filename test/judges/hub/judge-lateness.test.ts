/**
 * The hub judge discounts its own event-loop lateness (issue 18): a frame the hub sent in time
 * but the busy judge stamped late is within its window when the run's lateness samples show the
 * judge lost that time inside the window; lateness elsewhere in the run widens nothing, and a
 * lower bound (-4011 no earlier than D) is never moved.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord, LatenessSample } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { D, SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const rules = (record: HubRunRecord) => [...new Set(judgeHubRun(record, T).violations.map((v) => v.rule))];
const late = (run: SyntheticRun, lateness: LatenessSample[]): HubRunRecord => ({ ...run.record(), lateness });

/** A silent device's command answered -4011 `answerAfterMs` after the app sent it. */
function silentCommand(answerAfterMs: number) {
  const run = new SyntheticRun(new Map([['app-b', '*']]), ['bulb-0001']);
  const request = run.getModel('app-b#1', 1_000, 'bulb-0001');
  run.deviceRequest('bulb-0001', 1_001, 'get_model', undefined);
  run.reply(request, 1_000 + answerAfterMs, { error: { code: -4011, message: 'device timeout' } });
  return run;
}

describe('-4011 between D and D + 1 s, on the judge clock', () => {
  it('-4011 stamped 300 ms past D + 1 s, the judge 400 ms late in between: no violation', () =>
    expect(
      rules(
        late(silentCommand(D + 1_300), [
          { atMs: 900, lateMs: 0 },
          { atMs: 1_000 + D + 1_300, lateMs: 400 },
        ]),
      ),
    ).toEqual([]));
  it('the same -4011 with the judge on time: EDP-HUB-2', () =>
    expect(rules(late(silentCommand(D + 1_300), [{ atMs: 900, lateMs: 0 }]))).toEqual(['EDP-HUB-2']));
  it('the judge late only before the request: EDP-HUB-2', () =>
    expect(
      rules(
        late(silentCommand(D + 1_300), [
          { atMs: 900, lateMs: 400 },
          { atMs: 1_000 + D + 1_300, lateMs: 400 },
        ]),
      ),
    ).toEqual(['EDP-HUB-2']));
  it('-4011 before D stays early however late the judge was: EDP-HUB-2', () =>
    expect(
      rules(
        late(silentCommand(D - 300), [
          { atMs: 900, lateMs: 0 },
          { atMs: 1_000 + D - 300, lateMs: 1_000 },
        ]),
      ),
    ).toEqual(['EDP-HUB-2']));
});

describe('notifications within 1 s, on the judge clock', () => {
  const notified = () => {
    const run = new SyntheticRun(new Map([['app-b', '*']]), ['bulb-0001']);
    run.subscribe('app-b#1', 100, ['bulb-0001']);
    run.notify('bulb-0001', 1_000, [{ piid: 1, value: true }]);
    run.push('app-b#1', 2_300, {
      method: 'device.properties_changed',
      params: { deviceId: 'bulb-0001', items: [{ piid: 1, value: true }] },
    });
    return run;
  };
  it('stamped 1.3 s after, the judge 500 ms late in between: no violation', () =>
    expect(
      rules(
        late(notified(), [
          { atMs: 1_000, lateMs: 0 },
          { atMs: 2_300, lateMs: 500 },
        ]),
      ),
    ).toEqual([]));
  it('stamped 1.3 s after, the judge on time: EDP-HUB-3', () =>
    expect(rules(late(notified(), [{ atMs: 1_000, lateMs: 0 }]))).toEqual(['EDP-HUB-3']));
});

/**
 * The rerun a certification makes of `forward-to-offline`'s scenario (issue 18: seeds 1–6 "seen,
 * not reproduced" with three certifications in one process). An earlier session left bulb-0001
 * offline (at 100), the fleet reset brought it back (2_216) before this session began (2_367);
 * the session subscribes to "*", the device goes offline (2_375), the app hears `false` (2_377),
 * and its command, sent after, is answered -4011 at D. The lateness samples are the process's
 * running total: 1_995 ms already at the session's first sample, lost before this run.
 */
function rerunAfterEarlierOffline(answer: { code: number; afterMs: number }) {
  const run = new SyntheticRun(new Map([['app-b', '*']]), ['bulb-0001']);
  run.presence('bulb-0001', 100, false);
  run.presence('bulb-0001', 2_216, true);
  run.subscribe('app-b#1', 2_373, '*');
  run.presence('bulb-0001', 2_375, false);
  run.push('app-b#1', 2_377, { method: 'device.presence', params: { deviceId: 'bulb-0001', online: false } });
  const request = run.getModel('app-b#1', 2_381, 'bulb-0001');
  run.reply(request, 2_381 + answer.afterMs, { error: { code: answer.code, message: 'x' } });
  return { ...run.record(), startMs: 2_367 };
}

describe('lateness before the run began widens nothing in it', () => {
  const processTotal: LatenessSample[] = [
    { atMs: 2_367, lateMs: 1_995 },
    { atMs: 2_381 + D + 50, lateMs: 2_100 },
  ];
  it('-4011 after the app heard the offline: EDP-HUB-2, however late the process was before the run', () =>
    expect(
      rules({ ...rerunAfterEarlierOffline({ code: -4011, afterMs: D + 50 }), lateness: processTotal }),
    ).toEqual(['EDP-HUB-2']));
  it('-4010 at once: no violation', () =>
    expect(
      rules({ ...rerunAfterEarlierOffline({ code: -4010, afterMs: 3 }), lateness: processTotal }),
    ).toEqual([]));
  it('the judge measured 2 s lost since the earlier offline: the `false` may be its late news, so -4011 is allowed', () =>
    expect(
      rules({
        ...rerunAfterEarlierOffline({ code: -4011, afterMs: D + 50 }),
        lateness: [{ atMs: 50, lateMs: 0 }, ...processTotal],
      }),
    ).toEqual([]));
});
