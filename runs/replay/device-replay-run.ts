/**
 * `fleetcert replay`'s run: reach the device as a certification does (with `--listen` the run
 * starts the broker, never the judge) and replay the trace files against it
 * (conformance/trace/replay-device.ts). The broker stops when the replay is done or fails.
 */

import type { CertifyTarget } from '../../conformance/settings/index.js';
import {
  type LoadedTrace,
  type ReplayConfig,
  type ReplayRun,
  replayTraces,
} from '../../conformance/trace/index.js';
import { silentLogger } from '../../src/log/index.js';
import type { DeviceRunTarget } from '../device/device-run-target.js';
import { startListenBroker } from '../device/listen-broker.js';

export interface DeviceReplayOptions extends Omit<ReplayConfig, 'target'> {
  /** A URL for `broker` and `ws` (the run starts no device here). */
  readonly target: DeviceRunTarget;
}

export async function runDeviceReplay(
  options: DeviceReplayOptions,
  traces: readonly LoadedTrace[],
): Promise<ReplayRun> {
  const { target } = options;
  if (target.mode !== 'listen') return replayTraces({ ...options, target: urlTarget(target) }, traces);
  const listening = await startListenBroker(target, options, options.logger ?? silentLogger());
  try {
    return await replayTraces({ ...options, target: listening.target }, traces);
  } finally {
    await listening.close();
  }
}

function urlTarget(target: Exclude<DeviceRunTarget, { mode: 'listen' }>): CertifyTarget {
  if (target.url === undefined) throw new Error(`a ${target.mode} replay needs the device's URL`);
  return target.mode === 'ws'
    ? { mode: 'ws', url: target.url }
    : {
        mode: 'broker',
        url: target.url,
        ...(target.controllerName === undefined ? {} : { controllerName: target.controllerName }),
        ...(target.mqttVersion === undefined ? {} : { mqttVersion: target.mqttVersion }),
      };
}
