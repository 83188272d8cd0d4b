/**
 * A DeviceLink without a network, for tests of the harness: frames go to an in-process device
 * and its answers come back on a later turn of the event loop, like a socket's would.
 */
import { performance } from 'node:perf_hooks';
import type { DeviceLink, FrameListener } from '../../conformance/harness/device-link.js';

export interface FrameHandler {
  handle(frame: string | Uint8Array, binary?: boolean): string[];
}

export interface MemoryLinkOptions {
  /** Delay before the device's frames arrive. Default 0 (next turn of the event loop). */
  readonly latencyMs?: number;
  /** Rewrites or drops what the device sends, to plant faults in tests. */
  readonly tamper?: (frames: string[]) => string[];
}

export function memoryLink(device: FrameHandler, options: MemoryLinkOptions = {}): DeviceLink {
  const listeners = new Set<FrameListener>();
  let closed = false;
  return {
    binding: 'mqtt',
    requestChannel: 'memory/rpc',
    exclusive: true,
    now: () => performance.now(),
    async send(frame, sendOptions = {}) {
      if (closed) throw new Error('link closed');
      const out = device.handle(frame, sendOptions.binary === true);
      const frames = options.tamper ? options.tamper(out) : out;
      setTimeout(() => {
        for (const payload of frames) {
          const atMs = performance.now();
          for (const listener of listeners) listener({ atMs, channel: 'memory/events', payload });
        }
      }, options.latencyMs ?? 0);
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
    },
  };
}
