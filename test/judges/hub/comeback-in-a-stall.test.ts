/**
 * A comeback the hub could not yet know of, because the judge's process stalled (issue 18, the
 * false -4010 of the reference hub with seed 9 and several certifications side by side). The
 * broker and the fleet run in the judge's process: when its loop stalls just after a device
 * recorded its online presence, the `state` message reaches the hub only when the loop resumes,
 * together with the app's next command. The hub may read the command first and answer -4010 at
 * once, although the device's record says online 2.6 s before. EDP-HUB-4's 2 s run from the
 * `state` message reaching a controller, so the window where the hub's view may still be offline
 * is measured from when the judge's process could have passed it on: widened by the stall. With
 * the judge on time, the same -4010 is a violation.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord, LatenessSample } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const rules = (record: HubRunRecord) => [...new Set(judgeHubRun(record, T).violations.map((v) => v.rule))];

const COMEBACK_MS = 1_000;
const STALL_MS = 2_600;
const RESUME_MS = COMEBACK_MS + 1 + STALL_MS;

/** Offline (heard), back at 1 s, then a command when the loop resumes, answered -4010 at once. */
function commandAfterStalledComeback(lateness: LatenessSample[], heardOnlineAtMs: number): HubRunRecord {
  const run = new SyntheticRun(new Map([['app-b', '*']]), ['purifier-0001']);
  run.subscribe('app-b#1', 50, '*');
  run.presence('purifier-0001', 100, false);
  run.push('app-b#1', 150, {
    method: 'device.presence',
    params: { deviceId: 'purifier-0001', online: false },
  });
  run.presence('purifier-0001', COMEBACK_MS, true);
  const command = run.send(
    'app-b#1',
    RESUME_MS,
    'devices.get_properties',
    { deviceId: 'purifier-0001', items: [{ siid: 2, piid: 1 }] },
    {
      kind: 'device-command',
      deviceId: 'purifier-0001',
      method: 'get_properties',
      deviceParams: [{ siid: 2, piid: 1 }],
    },
  );
  run.reply(command, RESUME_MS + 5, { error: { code: -4010, message: 'device offline' } });
  run.push('app-b#1', heardOnlineAtMs, {
    method: 'device.presence',
    params: { deviceId: 'purifier-0001', online: true },
  });
  return { ...run.record(), lateness };
}

describe('-4010 for a device whose comeback the stalled judge had not yet passed to the hub', () => {
  it('the judge stalled 2.6 s right after the comeback: -4010 is the hub view of then, no violation', () =>
    expect(
      rules(
        commandAfterStalledComeback(
          [
            { atMs: 0, lateMs: 0 },
            { atMs: COMEBACK_MS + 1, lateMs: 0 },
            { atMs: RESUME_MS, lateMs: STALL_MS },
          ],
          RESUME_MS + 10,
        ),
      ),
    ).toEqual([]));

  it('the same run with the judge on time: the hub had 2.6 s to hear the comeback, a violation', () =>
    expect(
      rules(
        commandAfterStalledComeback(
          [
            { atMs: 0, lateMs: 0 },
            { atMs: RESUME_MS, lateMs: 0 },
          ],
          // The hub announces the comeback in time; its -4010 long after is wrong.
          COMEBACK_MS + 50,
        ),
      ).length,
    ).toBeGreaterThan(0));

  it('stalled, but an app had already heard the comeback before the command: a violation', () =>
    expect(
      rules(
        commandAfterStalledComeback(
          [
            { atMs: 0, lateMs: 0 },
            { atMs: COMEBACK_MS + 1, lateMs: 0 },
            { atMs: RESUME_MS, lateMs: STALL_MS },
          ],
          COMEBACK_MS + 50,
        ),
      ).length,
    ).toBeGreaterThan(0));
});
