/**
 * Test helper: a reference simulator as `fleetcert simulate` runs it (engine, behaviours with
 * live telemetry, binding), over MQTT or WebSocket, optionally with planted faults. Tests in
 * test/ certify these; conformance/ itself never imports simulators/.
 */
import { readFileSync } from 'node:fs';
import { animate, runTelemetry } from '../../simulators/behaviours/animated-engine.js';
import { MqttDeviceBinding } from '../../simulators/bindings/mqtt/index.js';
import { startWsDevice } from '../../simulators/bindings/ws/index.js';
import { realClock } from '../../simulators/clock/index.js';
import { createDeviceEngine } from '../../simulators/engine/index.js';
import { bindingFaults } from '../../simulators/faults/binding/index.js';
import type { FaultPlan } from '../../simulators/faults/types.js';
import { parseModelText } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { createRandom } from '../../src/random.js';

export type ReferenceType = 'bulb' | 'purifier' | 'tv';
/** A reference model, or another model the tests certify (test/support/models, fixtures/models/examples). */
export type ModelName = ReferenceType | 'keypad' | 'thermostat' | 'switch';

export interface SimulatorOptions {
  readonly type: ModelName;
  readonly deviceId: string;
  readonly token: string;
  readonly faults?: FaultPlan;
  readonly seed?: number;
  /** Real time between behaviour steps (volatile readings). Default 250 ms: busier than the CLI's 1 s. */
  readonly telemetryPeriodMs?: number;
}

export interface RunningSimulator {
  readonly url?: string;
  stop(): Promise<void>;
}

const MODEL_FILES: Record<ModelName, string> = {
  bulb: '../../fixtures/models/bulb.json',
  purifier: '../../fixtures/models/purifier.json',
  tv: '../../fixtures/models/tv.json',
  thermostat: '../../fixtures/models/examples/thermostat.json',
  keypad: './models/keypad.json',
  switch: './models/switch.json',
};

export function referenceModel(type: ModelName): DeviceModel {
  return parseModelText(readFileSync(new URL(MODEL_FILES[type], import.meta.url), 'utf8'), type).model;
}

function animatedEngine(options: SimulatorOptions) {
  const clock = realClock();
  const seed = options.seed ?? 1;
  const plan = options.faults ?? [];
  const engine = animate(
    createDeviceEngine({
      deviceId: options.deviceId,
      model: referenceModel(options.type),
      clock,
      seed,
      faults: plan,
    }),
    createRandom(seed + 17),
  );
  const faults = bindingFaults({ plan, random: createRandom(seed + 29), clock });
  return { engine, faults, clock };
}

/** Starts the simulator against an MQTT broker; resolves once it is online (or at once with `wait: false`). */
export async function startMqttSimulator(
  url: string,
  options: SimulatorOptions,
  wait = true,
): Promise<RunningSimulator> {
  const { engine, faults, clock } = animatedEngine(options);
  const binding = new MqttDeviceBinding({
    engine,
    url,
    token: options.token,
    seed: options.seed ?? 1,
    clock,
    ...(faults ? { faults } : {}),
  });
  const telemetry = runTelemetry(engine.behaviour, {
    clock: realClock({ unref: true }),
    periodMs: options.telemetryPeriodMs ?? 250,
    notify: (n) => binding.notify(n),
  });
  const started = binding.start().catch(() => undefined);
  if (wait) await started;
  return {
    async stop() {
      telemetry.cancel();
      await Promise.race([binding.stop(), new Promise((resolve) => setTimeout(resolve, 3_000))]);
    },
  };
}

export async function startWsSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const { engine, faults } = animatedEngine(options);
  const device = await startWsDevice({ engine, token: options.token, ...(faults ? { faults } : {}) });
  const telemetry = runTelemetry(engine.behaviour, {
    clock: realClock({ unref: true }),
    periodMs: options.telemetryPeriodMs ?? 250,
    notify: (n) => device.notify(n),
  });
  return {
    url: device.url,
    async stop() {
      telemetry.cancel();
      await device.close();
    },
  };
}
