/**
 * This process's CPU use over a wall-clock window, for `npm run bench:load`'s phases: samples
 * of `process.cpuUsage()` a few times a second, so a phase can report, after the fact, how
 * much CPU its steady window took (ms of CPU per second: 1000 = one core busy) and hence
 * what each message cost it.
 */
export interface CpuSampler {
  /** ms of CPU per second between two wall-clock times (ms since the epoch). */
  between(fromMs: number, toMs: number): number;
  stop(): void;
}

export function startCpuSampler(everyMs = 100): CpuSampler {
  const samples: { atMs: number; cpuMs: number }[] = [];
  const take = () => {
    const { user, system } = process.cpuUsage();
    samples.push({ atMs: Date.now(), cpuMs: (user + system) / 1000 });
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    between(fromMs, toMs) {
      const inside = samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
      const first = inside[0];
      const last = inside[inside.length - 1];
      if (!first || !last || last.atMs <= first.atMs) return Number.NaN;
      return ((last.cpuMs - first.cpuMs) * 1000) / (last.atMs - first.atMs);
    },
    stop: () => clearInterval(timer),
  };
}
