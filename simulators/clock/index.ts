/** Simulated time: the real clock for runs, a manual clock for tests, one shared timer wheel per fleet. */
export { ManualClock } from './manual-clock.js';
export { type RealClockOptions, realClock } from './real-clock.js';
export { type IntervalTimer, TimerWheel, type TimerWheelOptions, type WheelEntry } from './timer-wheel.js';
export type { SimClock, TimerRef } from './types.js';
