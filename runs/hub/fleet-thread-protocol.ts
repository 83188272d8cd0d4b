/** Messages between a hub load run and its fleet thread (./fleet-thread.ts, ./fleet-thread-main.ts; structured clone). */
import type { HubWsDevice, ReceivedRequest, SentMessage } from '../../src/hub/index.js';
import type { PlannedDevice } from './hub-fleet.js';

export interface FleetThreadData {
  readonly devices: readonly PlannedDevice[];
  readonly brokerUrl?: string;
  readonly deviceToken?: string;
  readonly wsToken: string;
  readonly seed: number;
  /**
   * The parent's performance.timeOrigin: the thread's devices record on the parent's
   * performance.now() (a worker's own clock starts at the worker's start), so the count
   * compares a device's records with the apps' receipts on one clock.
   */
  readonly parentTimeOrigin: number;
  /** The run's log level; the thread's records go to the parent's logger. */
  readonly logLevel: string;
}

export type ToFleetThread =
  | { readonly type: 'notify'; readonly deviceIds: readonly string[] }
  | { readonly type: 'flap'; readonly ticket: number; readonly deviceId: string; readonly offlineMs: number }
  | { readonly type: 'records' }
  | { readonly type: 'stop' };

export type FromFleetThread =
  | { readonly type: 'started'; readonly wsDevices: readonly HubWsDevice[] }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string }
  | { readonly type: 'online'; readonly count: number }
  | { readonly type: 'flapped'; readonly ticket: number; readonly error?: string }
  /** One device's records (one message per device keeps each message a device's size). */
  | {
      readonly type: 'records';
      readonly deviceId: string;
      readonly received: readonly ReceivedRequest[];
      readonly sent: readonly SentMessage[];
      readonly dropped: number;
    }
  | { readonly type: 'records-end' }
  | { readonly type: 'stopped' }
  /** A pino line (JSON) the parent writes to its own logger. */
  | { readonly type: 'log'; readonly line: string };
