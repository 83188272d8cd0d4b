import { describe, expect, it } from 'vitest';
import { exposedGc, IdleCollector, QUIET_MARGIN_MS, runtimeGc } from './idle-collect.js';

describe('IdleCollector: one full GC in the settle, never once the load is near', () => {
  it('waits for every device, then collects exactly once', () => {
    let collections = 0;
    const collector = new IdleCollector(5000, 100, () => collections++);
    expect(collector.maybeCollect(1000, 99)).toBe(false);
    expect(collections).toBe(0);
    expect(collector.maybeCollect(1500, 100)).toBe(true);
    expect(collector.maybeCollect(1600, 100)).toBe(false);
    expect(collections).toBe(1);
  });

  it('gives up once less than the margin is left before the first request', () => {
    let collections = 0;
    const collector = new IdleCollector(5000, 100, () => collections++);
    // The ramp ran late: everyone is up only when the load is about to start.
    expect(collector.maybeCollect(5000 - QUIET_MARGIN_MS + 1, 100)).toBe(false);
    expect(collector.maybeCollect(9000, 100)).toBe(false);
    expect(collections).toBe(0);
  });

  it('does nothing when the process exposes no gc', () => {
    const collector = new IdleCollector(5000, 1, undefined);
    expect(collector.maybeCollect(0, 1)).toBe(false);
  });

  it('the CLI path has a gc too (no --expose-gc needed), and it really collects', async () => {
    const hadGlobal = typeof (globalThis as { gc?: unknown }).gc === 'function';
    const gc = runtimeGc();
    expect(gc).toBeTypeOf('function');
    expect(exposedGc()).toBeTypeOf('function');
    // The process's own global is left as it was.
    expect(typeof (globalThis as { gc?: unknown }).gc === 'function').toBe(hadGlobal);
    let garbage: object | undefined = { big: new Array(1000).fill(1) };
    const ref = new WeakRef(garbage);
    garbage = undefined;
    // A WeakRef target lives until the end of the current job; collect in a later one.
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
    expect(ref.deref()).toBeUndefined();
  });
});
