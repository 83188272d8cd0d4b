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
