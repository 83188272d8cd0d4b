/** The stop signals: SIGINT, SIGTERM and SIGHUP alike; the first aborts the run, a second leaves with 128 + its number. */
import { describe, expect, it } from 'vitest';
import { watchStopSignals } from './stop-signals.js';

describe('watchStopSignals', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)
    it(`${signal}: the first aborts (told once), the second exits ${code}`, () => {
      const told: string[] = [];
      const exits: number[] = [];
      const watch = watchStopSignals({ onFirst: (s) => told.push(s), exit: (c) => exits.push(c) });
      try {
        process.emit(signal, signal);
        expect(watch.signal.aborted).toBe(true);
        expect(watch.signal.reason).toBe(signal);
        expect(told).toEqual([signal]);
        expect(exits).toEqual([]);
        process.emit(signal, signal);
        expect(exits).toEqual([code]);
      } finally {
        watch.dispose();
      }
      expect(process.listenerCount(signal)).toBe(0);
    });
});
