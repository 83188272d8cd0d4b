/** Messages between a fleet parent and its worker processes (IPC, structured clone). */
import type { LogFormat } from '../../../src/log/index.js';
import type { FleetCounts, FleetSummary, PortableFleetOptions } from '../types.js';

/** How a worker logs (src/log/logger.ts options a process boundary can carry). */
export interface WorkerLogSettings {
  readonly level: string;
  readonly format?: LogFormat;
  /** Appended to by every worker and the parent alike (one line per write). */
  readonly file?: string;
}

export type ToWorker =
  | {
      readonly type: 'start';
      readonly options: PortableFleetOptions;
      readonly worker: number;
      readonly log: WorkerLogSettings;
    }
  | { readonly type: 'stop' };

export type FromWorker =
  /** The worker listens: the parent may send `start`. */
  | { readonly type: 'listening' }
  | { readonly type: 'counts'; readonly counts: FleetCounts; readonly allConnectedMs: number | undefined }
  | { readonly type: 'stopped'; readonly summary: FleetSummary }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string }
  /** The broker refused a device's client certificate (mutual TLS): a setup mistake, not a glitch to retry. */
  | {
      readonly type: 'certificate-refused';
      readonly deviceId: string;
      /** What the TLS alert says, in words (src/transport/mqtt clientCertificateRefusal). */
      readonly why: string;
      readonly message: string;
    };
