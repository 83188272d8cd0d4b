/**
 * The model-based suite bites, without a network: wrong answers planted on top of a correct
 * device fail the rule they break, each with a counterexample of at most 4 requests that replays.
 */
import { describe, expect, it } from 'vitest';
import { type FixtureName, fixtureModel } from '../../../test/support/conformance/fixture-models.js';
import { inProcessContext, runInProcess } from '../../../test/support/conformance/in-process-suite.js';
import { IndependentDevice, type IndependentModel } from '../../../test/support/independent-device.js';
import type { FrameHandler } from '../../../test/support/memory-link.js';
import type { RuleId } from '../../catalogue/rule-ids.js';
import { replayModelSuite } from './replay-model-suite.js';

const device = (name: FixtureName) =>
  new IndependentDevice(fixtureModel(name) as unknown as IndependentModel, { deviceId: `${name}-0001` });

const mapReplies = (f: (m: Record<string, unknown>) => Record<string, unknown>) => (frames: string[]) =>
  frames.map((frame) => {
    const m = JSON.parse(frame) as Record<string, unknown>;
    return 'id' in m ? JSON.stringify(f(m)) : frame;
  });

/** A device that forgets request ids: a repeated id is executed again (EDP-RPC-5). */
function forgetful(inner: IndependentDevice): FrameHandler {
  let fresh = 2_000_000_000;
  return {
    handle(frame, binary) {
      if (typeof frame !== 'string') return inner.handle(frame, binary);
      try {
        const body = JSON.parse(frame) as Record<string, unknown>;
        const valid =
          typeof body.id === 'number' && Number.isInteger(body.id) && body.id >= 1 && body.id < 2 ** 31;
        if (!valid || body.method === undefined) return inner.handle(frame, binary);
        const id = body.id;
        return inner
          .handle(JSON.stringify({ ...body, id: fresh++ }), binary)
          .map((r) => r.replace(/^\{"id":\d+/, `{"id":${id}`));
      } catch {
        return inner.handle(frame, binary);
      }
    },
  };
}

const FAULTS: Array<{
  name: string;
  rule: RuleId;
  make: () => { device: FrameHandler; tamper?: (f: string[]) => string[] };
}> = [
  {
    name: 'reversed batch results',
    rule: 'EDP-RPC-3',
    make: () => ({
      device: device('bulb'),
      tamper: mapReplies((m) =>
        Array.isArray(m.result) && m.result.length > 1 ? { ...m, result: [...m.result].reverse() } : m,
      ),
    }),
  },
  {
    name: 'no notifications',
    rule: 'EDP-NOTIFY-1',
    make: () => ({
      device: device('bulb'),
      tamper: (f) => f.filter((x) => !x.includes('properties_changed')),
    }),
  },
  {
    name: 'every reply twice',
    rule: 'EDP-RPC-1',
    make: () => ({
      device: device('bulb'),
      tamper: (f) => f.flatMap((x) => (x.startsWith('{"id"') ? [x, x] : [x])),
    }),
  },
  {
    name: '-32601 answered as -32602',
    rule: 'EDP-RPC-4',
    make: () => ({ device: device('bulb'), tamper: (f) => f.map((x) => x.replace('-32601', '-32602')) }),
  },
  {
    name: 'repeated ids executed again',
    rule: 'EDP-RPC-5',
    make: () => ({ device: forgetful(device('bulb')) }),
  },
  {
    name: 'no events',
    rule: 'EDP-ACT-1',
    make: () => ({ device: device('tv'), tamper: (f) => f.filter((x) => !x.includes('event_occurred')) }),
  },
  {
    name: 'out-of-range write accepted',
    rule: 'EDP-PROP-4',
    make: () => ({
      device: device('bulb'),
      tamper: mapReplies((m) =>
        Array.isArray(m.result)
          ? {
              ...m,
              result: m.result.map((i: { code: number }) => (i.code === -4005 ? { ...i, code: 0 } : i)),
            }
          : m,
      ),
    }),
  },
];

describe('model-based suite, in process, against planted faults', () => {
  for (const fault of FAULTS) {
    it(`fails ${fault.rule} for ${fault.name}, with a short counterexample that replays`, async () => {
      const made = fault.make();
      const model = fixtureModel(fault.name === 'no events' ? 'tv' : 'bulb');
      const { outcomes } = await runInProcess(model, made.device, {
        runs: 40,
        seed: 3,
        ...(made.tamper ? { tamper: made.tamper } : {}),
      });
      const failed = outcomes.find((o) => o.rule === fault.rule);
      expect(failed?.verdict).toBe('failed');
      if (failed?.verdict !== 'failed') return;
      expect(failed.record.commandRequests).toBeLessThanOrEqual(4);
      expect(failed.record.violations.some((v) => v.rule === fault.rule)).toBe(true);
      const token = failed.replay;
      if (token === undefined) throw new Error('a generated failure carries its replay token');
      const again = made.tamper ? { tamper: made.tamper } : {};
      const replayCtx = inProcessContext(model, made.device, again);
      const replayed = await replayModelSuite(
        replayCtx,
        { rules: [fault.rule], maxCommands: 20, binding: 'mqtt', silenceLimit: 4 },
        token,
      );
      expect(replayed[0]?.verdict).toBe('failed');
    });
  }
});
