/**
 * The messages between the load runner and its device thread (./worker-pool.ts,
 * ./pool-worker-main.ts). Both sides batch: each posts one array of operations per turn of its
 * event loop, so thousands of replies a second cost a few dozen messages, not thousands.
 */
import type { Response } from '../../src/protocol/index.js';
import type { ClientTlsSettings } from '../../src/transport/mqtt/index.js';
import type { ScenarioMqtt } from '../scenario/types.js';
import type { PoolDeviceSpec, PoolLag } from './pool.js';

/** What the device thread starts with (structured-cloned once: models, tokens, certificates). */
export interface PoolWorkerData {
  readonly specs: readonly PoolDeviceSpec[];
  readonly broker: string;
  readonly tls?: ClientTlsSettings;
  readonly mqtt: ScenarioMqtt;
  readonly seed: number;
}

/** Runner → device thread. `ticket` names the operation whose completion is awaited. */
export type ToDevices =
  | readonly ['connect', number]
  | readonly ['disconnect', number, number]
  | readonly ['publish', number, number, number, boolean | number | string, number]
  | readonly ['stop', number]
  | readonly ['collect'];

/** Device thread → runner. */
export type FromDevices =
  | readonly ['ready']
  | readonly ['up', number]
  | readonly ['down', number]
  | readonly ['error', number, string]
  | readonly ['replied', number, Response['id'], string]
  | readonly ['published', number, number]
  | readonly ['done', number]
  /** The thread's event-loop delay over the run (ms), sent as it stops. */
  | readonly ['lag', number, number, PoolLag['gc']];
