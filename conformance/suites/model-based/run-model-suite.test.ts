/**
 * The model-based suite end to end, without a network: a device written from the protocol alone
 * passes on the reference models and on any generated model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../../src/model/testing/index.js';
import { IndependentDevice, type IndependentModel } from '../../../test/support/independent-device.js';
import { type FixtureName, fixtureModel } from '../../testing/fixture-models.js';
import { runInProcess } from '../../testing/in-process-suite.js';

const device = (name: FixtureName) =>
  new IndependentDevice(fixtureModel(name) as unknown as IndependentModel, { deviceId: `${name}-0001` });

describe('model-based suite, in process', () => {
  for (const name of ['bulb', 'purifier', 'tv'] as const) {
    it(`passes an independently written ${name} on every model-based rule`, async () => {
      const { outcomes, ctx } = await runInProcess(fixtureModel(name), device(name), { runs: 40, seed: 7 });
      expect(outcomes.filter((o) => o.verdict !== 'passed')).toEqual([]);
      expect(ctx.stats.requests).toBeGreaterThan(150);
    });
  }

  it('passes an independently written device for any model', async () => {
    await fc.assert(
      fc.asyncProperty(deviceModel(), fc.integer({ min: 1, max: 1000 }), async (model, seed) => {
        const independent = new IndependentDevice(model as unknown as IndependentModel, {
          deviceId: 'gen-0001',
        });
        const { outcomes } = await runInProcess(model, independent, { runs: 12, seed });
        expect(outcomes.filter((o) => o.verdict === 'failed').map((o) => o.rule)).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});
