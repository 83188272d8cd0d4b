/**
 * A simulated bulb (fixtures/models/bulb.json) as its own MQTT device binding, for the binding's
 * tests: engine on the real clock, reconnect jitter seeded 7, first retry within 200 ms.
 */
import { MqttDeviceBinding } from '../../../simulators/bindings/mqtt/index.js';
import { createDeviceEngine } from '../../../simulators/engine/index.js';
import { referenceModel } from '../reference-simulator.js';

export interface MqttBulbOptions {
  readonly token: string;
  /** Default 'bulb-0001'. */
  readonly deviceId?: string;
  /** Property (1, 4); default the engine's. */
  readonly firmware?: string;
}

/** The bulb's binding to the broker at `url`, not started; `defer` stops it after the test. */
export function mqttBulb(
  url: string,
  options: MqttBulbOptions,
  defer: (cleanup: () => Promise<unknown>) => void,
): MqttDeviceBinding {
  const engine = createDeviceEngine({
    deviceId: options.deviceId ?? 'bulb-0001',
    model: referenceModel('bulb'),
    clock: { now: () => performance.now() },
    ...(options.firmware === undefined ? {} : { firmware: options.firmware }),
  });
  const binding = new MqttDeviceBinding({
    engine,
    url,
    token: options.token,
    seed: 7,
    backoff: { firstMs: 200 },
  });
  defer(() => binding.stop());
  return binding;
}
