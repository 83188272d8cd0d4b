import { describe, expect, it } from 'vitest';
import { responsiveLimit } from './responsive-limit.js';

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // A starved event loop: nothing else runs.
  }
}

describe('responsiveLimit', () => {
  it('expires after its limit of wall time on a loop that keeps turning', async () => {
    const started = Date.now();
    const expiredAt = await new Promise<number>((resolve) => {
      responsiveLimit(300, () => resolve(Date.now()));
    });
    expect(expiredAt - started).toBeGreaterThanOrEqual(300);
  });

  it('does not count a stall of the loop beyond one tick: 2 s blocked is not a 1 s limit spent', async () => {
    let expired = false;
    const cancel = responsiveLimit(1_000, () => {
      expired = true;
    });
    blockFor(2_000);
    // One turn of the loop after the stall: the limit's first tick counted at most 250 ms.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(expired).toBe(false);
    cancel();
  });

  it('never expires once cancelled', async () => {
    let expired = false;
    const cancel = responsiveLimit(50, () => {
      expired = true;
    });
    cancel();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(expired).toBe(false);
  });
});
