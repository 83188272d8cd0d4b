/** Every engine-layer planted bug changes the engine's answer the way docs/faults.md says. */
import { describe, expect, it } from 'vitest';
import { testDevice } from '../../test/support/simulators/engine/harness.js';
import { ENGINE_FAULT_SCENARIOS } from '../../test/support/simulators/faults/engine-fault-scenarios.js';
import { ENGINE_FAULT_NAMES, type EngineFaultName } from './types.js';

function runScenario(name: EngineFaultName, faulty: boolean): unknown {
  const scenario = ENGINE_FAULT_SCENARIOS[name];
  const model = typeof scenario.model === 'function' ? scenario.model() : scenario.model;
  const device = testDevice(model, {
    initialState: scenario.initialState ?? [],
    faults: faulty ? [{ name, rate: 1 }] : [],
  });
  return scenario.run(device);
}

describe('engine faults', () => {
  it.each(ENGINE_FAULT_NAMES)('%s: the faulty engine answers differently from the clean one', (name) => {
    const clean = runScenario(name, false);
    const faulty = runScenario(name, true);
    expect(faulty).not.toEqual(clean);
    ENGINE_FAULT_SCENARIOS[name].check(clean as never, faulty as never);
  });

  it('a fault at rate 0.5 fires on some opportunities only, the same ones for the same seed', () => {
    const pattern = (seed: number) => {
      const device = testDevice('bulb', { faults: [{ name: 'lost-write', rate: 0.5 }], seed });
      return Array.from({ length: 40 }, (_, i) => {
        device.call('set_properties', [{ siid: 2, piid: 2, value: (i % 99) + 2 }]);
        return device.engine.read(2, 2) === (i % 99) + 2;
      });
    };
    const first = pattern(7);
    expect(first).toEqual(pattern(7));
    expect(first.filter(Boolean).length).toBeGreaterThan(5);
    expect(first.filter((stored) => !stored).length).toBeGreaterThan(5);
    expect(pattern(8)).not.toEqual(first);
  });

  it('ignores binding-layer faults and stays conformant with them', () => {
    const device = testDevice('bulb', {
      faults: [
        { name: 'drop-replies', rate: 1 },
        { name: 'no-will', rate: 1 },
      ],
    });
    const { reply, items } = device.call('set_properties', [{ siid: 2, piid: 2, value: 40 }]);
    expect(reply.result).toEqual([{ siid: 2, piid: 2, code: 0 }]);
    expect(items).toEqual([{ siid: 2, piid: 2, value: 40 }]);
  });
});
