/**
 * Test helper: `task` for every item, at most `parallel` at a time (a new one starts as soon as
 * one ends), results in the items' order. For idle-bound certifications (each mostly waits on
 * response windows and timers), which side by side take about as long as the slowest.
 */
export async function mapConcurrently<I, T>(
  items: readonly I[],
  parallel: number,
  task: (item: I, index: number) => Promise<T>,
): Promise<T[]> {
  const out: T[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await task(items[index] as I, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, worker));
  return out;
}

/**
 * Test helper: a gate that lets at most `parallel` tasks run at once (the rest wait their turn,
 * in order). For the concurrent tests of one file, each a whole hub certification: two side by
 * side keep both cores busy without starving the fleet and broker beside the judge.
 */
export function concurrencyGate(parallel: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= parallel) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
