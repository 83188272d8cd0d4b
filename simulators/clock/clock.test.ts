import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';
import { realClock } from './real-clock.js';
import { TimerWheel } from './timer-wheel.js';

describe('ManualClock', () => {
  it('fires timers in due order, ties in scheduling order, only when time reaches them', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.schedule(30, () => fired.push(`c@${clock.now()}`));
    clock.schedule(10, () => fired.push(`a@${clock.now()}`));
    clock.schedule(10, () => fired.push(`b@${clock.now()}`));
    const cancelled = clock.schedule(20, () => fired.push('never'));
    cancelled.cancel();
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(100);
    expect(fired).toEqual(['a@1010', 'b@1010', 'c@1030']);
    expect(clock.now()).toBe(1_109);
  });

  it('runs timers that timers schedule within the same advance', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const again = () => {
      fired.push(clock.now());
      if (fired.length < 3) clock.schedule(5, again);
    };
    clock.schedule(5, again);
    clock.advance(100);
    expect(fired).toEqual([5, 10, 15]);
  });
});

describe('TimerWheel', () => {
  it('fires each entry once at its delay (to a tick), with its target', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 60 }), (delays) => {
        const clock = new ManualClock();
        const wheel = new TimerWheel(clock, { tickMs: 50, slotCount: 16 });
        const fired: { index: number; at: number }[] = [];
        const onFire = (index: number) => fired.push({ index, at: clock.now() });
        for (const [index, delay] of delays.entries()) wheel.add(delay, onFire, index);
        clock.advance(6_000);
        expect(fired.map((f) => f.index).sort((a, b) => a - b)).toEqual(delays.map((_, i) => i));
        for (const { index, at } of fired) {
          expect(at).toBeGreaterThanOrEqual(delays[index]!);
          expect(at).toBeLessThan(delays[index]! + 50 + 1);
        }
        expect(wheel.size).toBe(0);
      }),
    );
  });

  it('repeats intervals until cancelled, and a cancelled entry never fires', () => {
    const clock = new ManualClock();
    const wheel = new TimerWheel(clock, { tickMs: 10, slotCount: 8 });
    const counts = [0, 0];
    const repeating = wheel.add(100, (i: number) => counts[i]!++, 0, 100);
    const gone = wheel.add(50, (i: number) => counts[i]!++, 1);
    wheel.cancel(gone);
    clock.advance(1_000);
    expect(counts).toEqual([10, 0]);
    wheel.cancel(repeating);
    clock.advance(1_000);
    expect(counts).toEqual([10, 0]);
    expect(wheel.size).toBe(0);
    expect(repeating.active).toBe(false);
  });

  it('serves as the MQTT.js keepalive timer (set/clear an interval)', () => {
    const clock = new ManualClock();
    const timer = new TimerWheel(clock).intervalTimer();
    let pings = 0;
    const id = timer.set(() => pings++, 30_000);
    clock.advance(95_000);
    expect(pings).toBe(3);
    timer.clear(id);
    clock.advance(95_000);
    expect(pings).toBe(3);
  });

  it('uses one clock timer however many entries it holds', () => {
    let scheduled = 0;
    const base = new ManualClock();
    const counting = {
      now: () => base.now(),
      schedule: (ms: number, fn: () => void) => {
        scheduled++;
        return base.schedule(ms, fn);
      },
    };
    const wheel = new TimerWheel(counting, { tickMs: 100 });
    for (let i = 0; i < 10_000; i++) wheel.add(1_000, () => {}, i, 1_000);
    expect(scheduled).toBe(1);
  });

  it('ticks on the real clock', async () => {
    const wheel = new TimerWheel(realClock(), { tickMs: 10 });
    const at = await new Promise<number>((resolve) => {
      const start = performance.now();
      wheel.add(40, () => resolve(performance.now() - start), undefined);
    });
    expect(at).toBeGreaterThanOrEqual(35);
    wheel.stop();
  });
});
