/** Messages between the benchmark and its phase processes (one process per phase: own heap, own file limit). */
export interface PhaseResult {
  readonly phase: string;
  readonly target: number;
  readonly connected: number;
  readonly errors: number;
  /** From the first connect started to the last device announced. */
  readonly connectMs: number;
  readonly rssBaseline: number;
  readonly rssConnected: number;
  readonly heapBaseline: number;
  readonly heapConnected: number;
  /** CPU time (user + system) this process spent from the first connect to the last. */
  readonly cpuMs: number;
  /** Building the devices (engines, behaviours) before the first connect; 0 for the bare loop. */
  readonly buildMs: number;
}

export type PhaseMessage =
  | { readonly type: 'connected'; readonly result: PhaseResult }
  | { readonly type: 'stopped'; readonly stopMs: number; readonly graceful: number }
  | { readonly type: 'failed'; readonly message: string };

export type ParentMessage = { readonly type: 'stop' };
