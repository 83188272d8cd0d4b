/** Messages between a fleet parent and its worker processes (IPC, structured clone). */
import type { FleetCounts, FleetSummary, PortableFleetOptions } from '../types.js';

export type ToWorker =
  | {
      readonly type: 'start';
      readonly options: PortableFleetOptions;
      readonly worker: number;
      readonly logLevel: string;
    }
  | { readonly type: 'stop' };

export type FromWorker =
  /** The worker listens: the parent may send `start`. */
  | { readonly type: 'listening' }
  | { readonly type: 'counts'; readonly counts: FleetCounts; readonly allConnectedMs: number | undefined }
  | { readonly type: 'stopped'; readonly summary: FleetSummary }
  | { readonly type: 'failed'; readonly message: string; readonly code?: string };
