/**
 * This process's CPU use over a wall-clock window, for `npm run bench:load`'s phases: samples
 * of `process.cpuUsage()` a few times a second, so a phase can report, after the fact, how
 * much CPU its steady window took (ms of CPU per second: 1000 = one core busy) and hence
 * what each message cost it.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

const TICKS_PER_S = 100;

/** CPU (user + system, ms) of this process's direct children, from /proc; 0 where there is none. */
export function childrenCpuMs(): number {
  let total = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

/**
 * CPU of this process and of its children over a window (ms of CPU per second each), measured
 * at its two ends: for bench:load-hub, where the hub is a child process and broker, devices and
 * generator are this one.
 */
export function cpuWindow(): () => { selfMsPerS: number; childrenMsPerS: number } {
  const startMs = performance.now();
  const self0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  return () => {
    const spanS = (performance.now() - startMs) / 1000;
    const self = process.cpuUsage(self0);
    return {
      selfMsPerS: (self.user + self.system) / 1000 / spanS,
      childrenMsPerS: (childrenCpuMs() - children0) / spanS,
    };
  };
}
