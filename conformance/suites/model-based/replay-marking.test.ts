/**
 * Issue 18: every printed replay is re-run against the same device before it is printed; one
 * that does not fail its rule again is marked "seen, not reproduced" and shows the exploring
 * run's raw trace. A device whose bug fires once (a stray properties_changed item for one
 * unchanged write) cannot be reproduced; one whose bug always fires is.
 */
import { describe, expect, it } from 'vitest';
import { fixtureModel } from '../../../test/support/conformance/fixture-models.js';
import { runInProcess } from '../../../test/support/conformance/in-process-suite.js';
import { IndependentDevice, type IndependentModel } from '../../../test/support/independent-device.js';
import type { FrameHandler } from '../../../test/support/memory-link.js';

/** The bulb from the protocol alone, plus a stray item for unchanged writes: `times` of them in its life. */
function notifiesUnchanged(times: number): FrameHandler {
  const model = fixtureModel('bulb');
  const device = new IndependentDevice(model as unknown as IndependentModel, { deviceId: 'bulb-0001' });
  let left = times;
  return {
    handle(frame, binary) {
      const out = device.handle(frame, binary);
      if (left <= 0 || typeof frame !== 'string') return out;
      const request = JSON.parse(frame) as {
        method?: string;
        params?: Array<{ siid: number; piid: number; value: unknown }>;
      };
      if (request.method !== 'set_properties' || !Array.isArray(request.params)) return out;
      const reply = JSON.parse(out[0] as string) as { result?: Array<{ code: number }> };
      const notified = out.slice(1).join('');
      const stray = request.params.filter((p, i) => {
        const spec = model.services
          .find((s) => s.siid === p.siid)
          ?.properties?.find((q) => q.piid === p.piid);
        return (
          reply.result?.[i]?.code === 0 &&
          spec?.access.includes('notify') &&
          !notified.includes(`"piid":${p.piid}`)
        );
      });
      if (stray.length === 0) return out;
      left--;
      const item = stray[0] as { siid: number; piid: number; value: unknown };
      return [...out, JSON.stringify({ method: 'properties_changed', params: [item] })];
    },
  };
}

describe('printed replays are reproduced or marked (issue 18)', () => {
  it('a failure that does not come back on replay is marked seen, not reproduced, with the raw run', async () => {
    const { outcomes } = await runInProcess(fixtureModel('bulb'), notifiesUnchanged(1), {
      rules: ['EDP-NOTIFY-1'],
      runs: 30,
    });
    const outcome = outcomes.find((o) => o.rule === 'EDP-NOTIFY-1');
    expect(outcome?.verdict).toBe('failed');
    if (outcome?.verdict !== 'failed') return;
    expect(outcome.reproduced).toBe(false);
    expect(outcome.shrunk).toBe(false);
    expect(outcome.record.violations.map((v) => v.rule)).toContain('EDP-NOTIFY-1');
  }, 120_000);

  it('a failure that comes back on replay is marked reproduced', async () => {
    const { outcomes } = await runInProcess(fixtureModel('bulb'), notifiesUnchanged(Infinity), {
      rules: ['EDP-NOTIFY-1'],
      runs: 30,
    });
    const outcome = outcomes.find((o) => o.rule === 'EDP-NOTIFY-1');
    expect(outcome?.verdict).toBe('failed');
    if (outcome?.verdict !== 'failed') return;
    expect(outcome.reproduced).toBe(true);
  }, 120_000);
});
