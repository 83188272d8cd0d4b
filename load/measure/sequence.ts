/**
 * Per-device sequence tracking for notifications: each device's telemetry carries a sequence
 * number (encoded in the value, see ../plan/telemetry.ts). Like an anti-replay window, the
 * tracker keeps the highest number seen and a 64-bit mask of the ones below it, so a
 * duplicate or a late (reordered) delivery is told apart in constant memory per device.
 * Loss is counted elsewhere as published − delivered.
 */

export type SequenceOutcome = 'in-order' | 'reordered' | 'duplicate';

/** How far below the highest number a duplicate can still be recognised. */
export const SEQUENCE_WINDOW = 64;

export class SequenceTracker {
  private readonly highest: Float64Array;
  /** Bit b of (low, high) marks number highest − 1 − b as received (b < 32 in low, else high). */
  private readonly low: Uint32Array;
  private readonly high: Uint32Array;

  constructor(devices: number) {
    this.highest = new Float64Array(devices).fill(-1);
    this.low = new Uint32Array(devices);
    this.high = new Uint32Array(devices);
  }

  receive(device: number, sequence: number): SequenceOutcome {
    const top = this.highest[device] as number;
    if (top < 0) {
      this.highest[device] = sequence;
      return 'in-order';
    }
    if (sequence > top) {
      this.shift(device, sequence - top);
      this.highest[device] = sequence;
      return 'in-order';
    }
    if (sequence === top) return 'duplicate';
    const bit = top - 1 - sequence;
    if (bit >= SEQUENCE_WINDOW) return 'reordered';
    const word = bit < 32 ? this.low : this.high;
    const mask = (1 << (bit % 32)) >>> 0;
    if (((word[device] as number) & mask) !== 0) return 'duplicate';
    word[device] = ((word[device] as number) | mask) >>> 0;
    return 'reordered';
  }

  /** Moves the window up by `by` numbers; the old highest becomes bit by − 1. */
  private shift(device: number, by: number): void {
    let low = this.low[device] as number;
    let high = this.high[device] as number;
    if (by >= SEQUENCE_WINDOW + 1) {
      low = 0;
      high = 0;
    } else {
      // Make room: shift the 64-bit (high:low) left by `by`, then mark the old highest.
      for (let remaining = by; remaining > 0; ) {
        const step = Math.min(remaining, 31);
        high = ((high << step) | (low >>> (32 - step))) >>> 0;
        low = (low << step) >>> 0;
        remaining -= step;
      }
      const bit = by - 1;
      if (bit < 32) low = (low | (1 << bit)) >>> 0;
      else high = (high | (1 << (bit - 32))) >>> 0;
    }
    this.low[device] = low;
    this.high[device] = high;
  }
}
