import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import type { FrameListener } from './device-link.js';
import type { HarnessContext } from './harness-context.js';
import { LONGEST_QUIET_WAIT_MS, quietBeforeReplay } from './quiet-before-replay.js';

/** A link whose frames the test pushes, on vitest's fake clock; the bulb's power (3.1) is volatile. */
function fakeContext() {
  const listeners = new Set<FrameListener>();
  const ctx = {
    index: fixtureIndex('bulb'),
    timing: { responseDeadlineMs: 200, notificationDeadlineMs: 100 },
    link: {
      now: () => Date.now(),
      onFrame(listener: FrameListener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  } as unknown as HarnessContext;
  const push = (notification: object) => {
    const payload = JSON.stringify(notification);
    for (const l of listeners) l({ atMs: Date.now(), channel: 'memory/events', payload });
  };
  return { ctx, push, listeners };
}
const item = (siid: number, piid: number, value: unknown) => ({
  method: 'properties_changed',
  params: [{ siid, piid, value }],
});

describe('quietBeforeReplay: a replay starts once the device has gone quiet (issue 18)', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('waits a response deadline plus a notification window after the last item or event', async () => {
    const { ctx, push, listeners } = fakeContext();
    let done = false;
    const waiting = quietBeforeReplay(ctx).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(250);
    push(item(2, 1, true)); // a late item of the earlier certification, at 250 ms
    await vi.advanceTimersByTimeAsync(200);
    push({ method: 'event_occurred', params: { siid: 2, eiid: 1, arguments: [] } }); // at 450 ms
    await vi.advanceTimersByTimeAsync(299);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    await waiting;
    expect(Date.now()).toBe(751);
    expect(listeners.size).toBe(0);
  });

  it('does not wait for volatile readings, which never end', async () => {
    const { ctx, push } = fakeContext();
    let done = false;
    const waiting = quietBeforeReplay(ctx).then(() => {
      done = true;
    });
    for (let t = 0; t < 10 && !done; t++) {
      push(item(3, 1, 10 + t));
      await vi.advanceTimersByTimeAsync(50);
    }
    await waiting;
    expect(Date.now()).toBeLessThanOrEqual(350);
  });

  it('gives up on a device that never goes quiet, at the bound', async () => {
    const { ctx, push } = fakeContext();
    let done = false;
    const waiting = quietBeforeReplay(ctx).then(() => {
      done = true;
    });
    while (!done) {
      push(item(2, 1, Date.now() % 2 === 0));
      await vi.advanceTimersByTimeAsync(100);
    }
    await waiting;
    expect(Date.now()).toBeGreaterThanOrEqual(LONGEST_QUIET_WAIT_MS);
    expect(Date.now()).toBeLessThanOrEqual(LONGEST_QUIET_WAIT_MS + 100);
  });

  it('ends at once when the run is aborted', async () => {
    const { ctx } = fakeContext();
    const abort = new AbortController();
    const waiting = quietBeforeReplay(ctx, abort.signal);
    await vi.advanceTimersByTimeAsync(10);
    abort.abort();
    await waiting;
    expect(Date.now()).toBe(10);
  });
});
