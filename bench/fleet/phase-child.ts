/** A phase process's side of phase-protocol.ts: what every phase reports once connected, and how. */
import { settledMemory } from './memory.js';
import type { ParentMessage, PhaseMessage } from './phase-protocol.js';

export const send = (message: PhaseMessage) => process.send?.(message);

export interface ConnectedPhase {
  readonly phase: string;
  readonly target: number;
  /** Settled memory before the first client or device was made. */
  readonly baseline: { readonly rss: number; readonly heapUsed: number };
  /** CPU usage and time when the first connect started. */
  readonly cpu0: NodeJS.CpuUsage;
  readonly t0: number;
  /** Read once memory has settled, as the result is sent. */
  readonly counts: () => { readonly connected: number; readonly errors: number };
  /** Building the devices before the first connect (the fleet), ms. */
  readonly buildMs?: number;
}

/**
 * Call as the last device comes online: measures time and CPU since the first connect, then
 * settled memory, sends the `connected` result and resolves when the parent says stop.
 */
export async function reportConnected(phase: ConnectedPhase): Promise<void> {
  const connectMs = performance.now() - phase.t0;
  const cpu = process.cpuUsage(phase.cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const connected0 = await settledMemory();
  const { connected, errors } = phase.counts();
  send({
    type: 'connected',
    result: {
      phase: phase.phase,
      target: phase.target,
      connected,
      errors,
      connectMs,
      rssBaseline: phase.baseline.rss,
      rssConnected: connected0.rss,
      heapBaseline: phase.baseline.heapUsed,
      heapConnected: connected0.heapUsed,
      cpuMs,
      buildMs: phase.buildMs ?? 0,
    },
  });
  await new Promise<void>((resolve) =>
    process.once('message', (m: ParentMessage) => m.type === 'stop' && resolve()),
  );
}
