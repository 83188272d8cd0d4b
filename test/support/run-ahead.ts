/**
 * Test helper for files of idle-bound certifications (each mostly waits on response windows and
 * timers): every selected test's work starts together in the suite's beforeAll, at most
 * `parallel` at a time, and each test then awaits its own result and asserts on it. The tests
 * keep their own names and verdicts (one failing bug says which), while the file takes about as
 * long as its slowest certification instead of their sum. Only tests vitest will run (a `-t`
 * filter, `.skip`) are started. No assertion depends on how long anything took.
 */
import { afterAll, beforeAll, it } from 'vitest';

export interface RunAhead<T> {
  /** `it(title)`: `work` runs ahead with the suite's others; `check` asserts on its result. */
  it(
    title: string,
    work: () => Promise<T>,
    check: (result: T) => void | Promise<void>,
    timeoutMs: number,
  ): void;
}

/** Registers the beforeAll/afterAll of the enclosing describe; call its `it` for each test. */
export function runAhead<T>(parallel: number): RunAhead<T> {
  const works = new Map<string, () => Promise<T>>();
  const started = new Map<string, Promise<T>>();
  // vitest reads the hook's first parameter as a fixture pattern: it must be destructured.
  // biome-ignore lint/correctness/noEmptyPattern: no fixture is used, only the suite.
  beforeAll(({}, suite) => {
    const selected = suite.tasks.filter((t) => t.type === 'test' && t.mode === 'run').map((t) => t.name);
    const queue = selected.filter((title) => works.has(title));
    let running = 0;
    const wakers: Array<() => void> = [];
    const slot = async () => {
      while (running >= parallel) await new Promise<void>((resolve) => wakers.push(resolve));
      running++;
    };
    const release = () => {
      running--;
      wakers.shift()?.();
    };
    for (const title of queue) {
      const work = works.get(title) as () => Promise<T>;
      const result = (async () => {
        await slot();
        try {
          return await work();
        } finally {
          release();
        }
      })();
      // Its test awaits it (and reports the error); until then a rejection is not "unhandled".
      result.catch(() => {});
      started.set(title, result);
    }
  });
  // Nothing outlives the suite (a test that timed out leaves its work running): wait for all.
  afterAll(async () => {
    await Promise.allSettled(started.values());
  }, 600_000);
  return {
    it(title, work, check, timeoutMs) {
      works.set(title, work);
      it(
        title,
        async () => {
          const result = started.get(title) ?? work();
          await check(await result);
        },
        timeoutMs,
      );
    },
  };
}
