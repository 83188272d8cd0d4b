/**
 * Test helper: a reference simulator as `fleetcert simulate` runs it (engine, behaviours with
 * live telemetry, binding), over MQTT or WebSocket, optionally with planted faults, through the
 * simulators' one public face (`runDevice`). Tests in test/ certify these; conformance/ itself
 * never imports simulators/.
 */
import { readFileSync } from 'node:fs';
import type { FaultPlan } from '../../simulators/faults/types.js';
import { runDevice } from '../../simulators/index.js';
import { parseModelText } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';

export type ReferenceType = 'bulb' | 'purifier' | 'tv';
/** A reference model, or another model the tests certify (test/support/models, fixtures/models/examples). */
export type ModelName = ReferenceType | 'keypad' | 'thermostat' | 'switch' | 'fan';

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
  fan: './models/desk-fan.json',
};

export function referenceModel(type: ModelName): DeviceModel {
  return parseModelText(readFileSync(new URL(MODEL_FILES[type], import.meta.url), 'utf8'), type).model;
}

function common(options: SimulatorOptions) {
  return {
    model: referenceModel(options.type),
    deviceId: options.deviceId,
    token: options.token,
    seed: options.seed ?? 1,
    telemetryPeriodMs: options.telemetryPeriodMs ?? 250,
    ...(options.faults ? { faults: options.faults } : {}),
  };
}

/** Starts the simulator against an MQTT broker; resolves once it is online (or at once with `wait: false`). */
export async function startMqttSimulator(
  url: string,
  options: SimulatorOptions,
  wait = true,
): Promise<RunningSimulator> {
  const device = await runDevice({ ...common(options), transport: { kind: 'mqtt', url }, waitOnline: false });
  if (wait) await device.started.catch(() => undefined);
  return device;
}

export async function startWsSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const device = await runDevice({ ...common(options), transport: { kind: 'ws' } });
  return { url: device.url as string, stop: () => device.stop() };
}
