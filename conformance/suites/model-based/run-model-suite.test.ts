/**
 * The model-based suite end to end, without a network: a device written from the protocol alone
 * passes on the reference models and on any generated model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FixtureName, fixtureModel } from '../../../test/support/conformance/fixture-models.js';
import { runInProcess } from '../../../test/support/conformance/in-process-suite.js';
import { IndependentDevice, type IndependentModel } from '../../../test/support/independent-device.js';
import { deviceModel } from '../../../test/support/src/model/index.js';

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

  it('lets no earlier run take a notification a later run is sure of (a write-only notify property, toggled)', async () => {
    // Found by the property below: a write's item that may or may not come (the old value unknown)
    // outlives its run and once swallowed the next run's item for the same value.
    const model = {
      edp: 1 as const,
      type: 'switch',
      model: 'test.write-only.v1',
      services: [
        fixtureModel('bulb').services[0] as (typeof fixtureModel extends (...a: never[]) => infer M
          ? M
          : never)['services'][number],
        {
          siid: 16,
          name: 'audio',
          properties: [
            { piid: 3, name: 'on', format: 'bool' as const, access: ['notify', 'write'] as const },
          ],
          actions: [
            { aiid: 1, name: 'flip', in: [], out: [3], effects: [{ op: 'toggle' as const, piid: 3 }] },
          ],
          events: [],
        },
      ],
    };
    const independent = new IndependentDevice(model as unknown as IndependentModel, { deviceId: 'gen-0001' });
    const { outcomes } = await runInProcess(model, independent, { runs: 30, seed: 1 });
    expect(outcomes.filter((o) => o.verdict === 'failed').map((o) => o.rule)).toEqual([]);
  });

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
    // Twelve models of every enumerated case each: generous, so a busy two-core machine does not fail it.
  }, 240_000);
});
