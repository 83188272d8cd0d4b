/**
 * Time for simulators: the engine's `Clock` (now) plus one-shot scheduling. A run uses the
 * real clock; tests use the manual clock and move time themselves, so behaviours, telemetry
 * and timers replay exactly.
 */
import type { Clock } from '../engine/types.js';

export interface TimerRef {
  cancel(): void;
}

export interface SimClock extends Clock {
  /** Run `callback` once, `delayMs` (>= 0) from now. */
  schedule(delayMs: number, callback: () => void): TimerRef;
}
