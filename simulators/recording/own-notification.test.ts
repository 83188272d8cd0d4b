import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEVICE_INFORMATION_SIID } from '../../src/model/types.js';
import { valueProblem } from '../../src/model/values.js';
import { createRandom } from '../../src/random.js';
import { counterModel, testModel } from '../../test/support/simulators/engine/models.js';
import { deviceModel } from '../../test/support/src/model/device-model.arbitrary.js';
import { ManualClock } from '../clock/manual-clock.js';
import { createDeviceEngine } from '../engine/engine.js';
import { ownNotification } from './own-notification.js';

describe('a notification of the device on its own, for any model', () => {
  it('is a valid change of a notify property (new value, outside service 1) or an event of the model', () => {
    fc.assert(
      fc.property(deviceModel(), fc.integer(), (model, seed) => {
        const engine = createDeviceEngine({ deviceId: 'dev-0001', model, clock: new ManualClock() });
        const before = new Map(engine.snapshot().map((e) => [`${e.siid}.${e.piid}`, e.value]));
        const notification = ownNotification(engine, createRandom(seed));
        const notifiable =
          model.services.some((s) => s.events.length > 0) ||
          model.services.some(
            (s) =>
              s.siid !== DEVICE_INFORMATION_SIID && s.properties.some((p) => p.access.includes('notify')),
          );
        if (notification === undefined) {
          // Only when nothing can notify, or every notify property holds the one value it may take.
          expect(model.services.some((s) => s.events.length > 0)).toBe(false);
          return;
        }
        expect(notifiable).toBe(true);
        if (notification.method === 'event_occurred') {
          const { siid, eiid } = notification.params;
          expect(model.services.find((s) => s.siid === siid)?.events.some((e) => e.eiid === eiid)).toBe(true);
          return;
        }
        expect(notification.method).toBe('properties_changed');
        if (notification.method !== 'properties_changed') return;
        for (const item of notification.params) {
          const spec = model.services
            .find((s) => s.siid === item.siid)
            ?.properties.find((p) => p.piid === item.piid);
          expect(spec?.access).toContain('notify');
          expect(item.siid).not.toBe(DEVICE_INFORMATION_SIID);
          expect(valueProblem(spec!, item.value)).toBeUndefined();
          expect(item.value).not.toEqual(before.get(`${item.siid}.${item.piid}`));
          expect(engine.read(item.siid, item.piid)).toEqual(item.value);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is the same for the same seed, and nothing for a model with nothing to notify', () => {
    const run = (seed: number) => {
      const engine = createDeviceEngine({
        deviceId: 'dev-0001',
        model: counterModel(),
        clock: new ManualClock(),
      });
      return [1, 2, 3].map(() => ownNotification(engine, createRandom(seed)));
    };
    expect(run(5)).toEqual(run(5));
    const quiet = testModel('test.quiet.v1', [
      { siid: 2, name: 'q', properties: [{ piid: 1, name: 'x', format: 'bool', access: ['read', 'write'] }] },
    ]);
    const engine = createDeviceEngine({ deviceId: 'dev-0001', model: quiet, clock: new ManualClock() });
    expect(ownNotification(engine, createRandom(1))).toBeUndefined();
  });
});
