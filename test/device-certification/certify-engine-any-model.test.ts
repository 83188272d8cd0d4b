/**
 * The simulators' engine (built by another team from PROTOCOL.md) and the conformance judge
 * agree for ANY model: the model-based suite passes the engine, in process, on generated
 * models. A disagreement would be a bug in one of them, found before a partner finds it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeviceEngine, encodeReply } from '../../simulators/engine/index.js';
import type { DeviceModel } from '../../src/model/types.js';
import { encodeNotification } from '../../src/protocol/encode.js';
import { runInProcess } from '../support/conformance/in-process-suite.js';
import { deviceModel } from '../support/src/model/index.js';

function engineHandler(model: DeviceModel) {
  const engine = createDeviceEngine({ deviceId: 'gen-0001', model, clock: { now: () => performance.now() } });
  return {
    handle(frame: string | Uint8Array, binary?: boolean): string[] {
      const out = engine.handleFrame(frame, 'mqtt', binary === true ? { binary: true } : {});
      return [...(out.reply ? [encodeReply(out.reply)] : []), ...out.notifications.map(encodeNotification)];
    },
  };
}

describe('certify and the simulator engine agree on any model', () => {
  it('passes the engine on every model-based rule for generated models', async () => {
    await fc.assert(
      fc.asyncProperty(deviceModel(), fc.integer({ min: 1, max: 10_000 }), async (model, seed) => {
        const { outcomes } = await runInProcess(model, engineHandler(model), { runs: 12, seed });
        const failed = outcomes.flatMap((o) =>
          o.verdict === 'failed' ? [`${o.rule}: ${o.record.violations[0]?.expected}`] : [],
        );
        expect(failed).toEqual([]);
      }),
      { numRuns: 20 },
    );
  }, 60_000);
});
