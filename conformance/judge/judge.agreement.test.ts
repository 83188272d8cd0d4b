/**
 * The judge against a device written from PROTOCOL.md alone (test/support/independent-device.ts):
 * for ANY model and ANY sequence of generated requests, two independent readings of the protocol
 * agree on every response and every notification. A disagreement is a bug in one of them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceDriver } from '../../test/support/conformance/drive-device.js';
import { requestBody } from '../../test/support/conformance/request-body.arbitrary.js';
import { IndependentDevice, type IndependentModel } from '../../test/support/independent-device.js';
import { deviceModel } from '../../test/support/src/model/index.js';
import { indexModel } from './model-index.js';

describe('judge agrees with an independently written device', () => {
  it('predicts every response and notification exactly, for any model and request sequence (EDP-PROP-*, EDP-ACT-*, EDP-NOTIFY-*)', () => {
    fc.assert(
      fc.property(
        deviceModel().chain((model) => {
          const index = indexModel(model);
          return fc.tuple(fc.constant(model), fc.array(requestBody(index), { maxLength: 25 }));
        }),
        ([model, bodies]) => {
          const index = indexModel(model);
          const device = new IndependentDevice(model as unknown as IndependentModel, {
            deviceId: 'gen-0001',
          });
          const driver = new DeviceDriver(index, device);
          driver.readAll();
          for (const body of bodies) driver.send(body);
          expect(driver.finish()).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 1633160868, path: '65:89:0:0:0:1:1:1:1:1:1:1:1:1:1:2:1:8:4:6:6:9:10' },
    );
  });
});
