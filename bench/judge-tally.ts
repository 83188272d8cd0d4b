/**
 * The counts `npm run bench:judge` prints (bench/judge.ts), from one JSON line per certification.
 * The same lines are appended to `--out FILE`, so a full-size sweep can run in pieces across
 * sessions (`--from/--to`) and `--summary FILE...` counts over all of them: a certification met
 * twice (the same hub, shape and seed in two pieces) counts once, its latest line kept.
 */
import { readFileSync } from 'node:fs';

/** One certification of bench:judge, as appended to `--out`. */
export interface JudgeBenchLine {
  readonly hub: string;
  /** A correct hub must be certified; a planted bug must fail `breaks` and nothing else. */
  readonly correct: boolean;
  readonly breaks?: string;
  readonly shape: string;
  readonly seed: number;
  readonly runs: number;
  readonly seconds: number;
  /** `certified`, `not-certified`, `partial`, or `error` (setup failed, hub exited: inconclusive). */
  readonly verdict: string;
  readonly error?: string;
  readonly failed: readonly {
    readonly rule: string;
    readonly reproduced?: boolean;
    readonly summary: string;
    readonly replay: string;
  }[];
  readonly notRun: readonly string[];
  /** With --replays: each printed replay rerun against the same hub, and whether it failed the rule again. */
  readonly replays?: readonly {
    readonly rule: string;
    readonly failedAgain: boolean;
    readonly command: string;
  }[];
  readonly at: string;
}

export interface Tally {
  certifications: number;
  seconds: number;
  falseFailures: string[];
  misses: string[];
  wrongBlame: string[];
  notReproduced: string[];
  inconclusive: string[];
}

const emptyTally = (): Tally => ({
  certifications: 0,
  seconds: 0,
  falseFailures: [],
  misses: [],
  wrongBlame: [],
  notReproduced: [],
  inconclusive: [],
});

/** What one certification adds to its hub's tally. */
export function tallyLine(t: Tally, line: JudgeBenchLine): void {
  const label = `seed ${line.seed}`;
  t.certifications++;
  t.seconds += line.seconds;
  if (line.verdict === 'error') {
    t.inconclusive.push(`${label}: ${line.error ?? 'no result'}`);
    return;
  }
  for (const r of line.failed)
    if (r.reproduced === false) t.notReproduced.push(`${label} ${r.rule}: marked seen, not reproduced`);
  if (line.correct) {
    for (const r of line.failed)
      t.falseFailures.push(`${label} ${r.rule}: ${r.summary.slice(0, 300)} — ${r.replay}`);
  } else {
    const mine = line.failed.filter((r) => line.breaks === undefined || r.rule === line.breaks);
    if (mine.length === 0) t.misses.push(`${label}: ${line.breaks ?? 'no rule'} passed`);
    for (const r of line.failed)
      if (line.breaks !== undefined && r.rule !== line.breaks)
        t.wrongBlame.push(`${label} ${r.rule}: ${r.summary.slice(0, 160)}`);
  }
  if (line.notRun.length > 0 && line.failed.length === 0)
    t.inconclusive.push(`${label}: not run ${line.notRun.join(', ')}`);
  for (const r of line.replays ?? [])
    if (!r.failedAgain) t.notReproduced.push(`${label} ${r.rule}: the printed replay passed (${r.command})`);
}

/** The latest line of each (hub, shape, seed), in first-seen order. */
export function latestLines(lines: readonly JudgeBenchLine[]): JudgeBenchLine[] {
  const byKey = new Map<string, JudgeBenchLine>();
  for (const line of lines) {
    const key = `${line.hub}\u0000${line.shape}\u0000${line.seed}`;
    byKey.delete(key);
    byKey.set(key, line);
  }
  return [...byKey.values()];
}

/** Reads JSONL files; a torn last line (a piece stopped mid-write) is skipped and reported. */
export function readJudgeBenchLines(files: readonly string[]): {
  lines: JudgeBenchLine[];
  skipped: string[];
} {
  const lines: JudgeBenchLine[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        lines.push(JSON.parse(raw) as JudgeBenchLine);
      } catch {
        skipped.push(`${file}:${i + 1}`);
      }
    });
  }
  return { lines, skipped };
}

/** The report: one row per hub and shape, up to 5 problems under each, then the totals. Returns the problem count. */
export function printTallies(lines: readonly JudgeBenchLine[], write: (text: string) => void): number {
  const tallies = new Map<string, Tally>();
  for (const line of lines) {
    const key = `${line.hub} [${line.shape}]`;
    const t = tallies.get(key) ?? emptyTally();
    tallies.set(key, t);
    tallyLine(t, line);
  }
  const totals = emptyTally();
  let problems = 0;
  for (const [key, t] of tallies) {
    const list = [...t.falseFailures, ...t.misses, ...t.wrongBlame, ...t.notReproduced, ...t.inconclusive];
    problems += list.length;
    totals.certifications += t.certifications;
    totals.seconds += t.seconds;
    totals.falseFailures.push(...t.falseFailures);
    totals.misses.push(...t.misses);
    totals.wrongBlame.push(...t.wrongBlame);
    totals.notReproduced.push(...t.notReproduced);
    totals.inconclusive.push(...t.inconclusive);
    write(
      `  ${key.padEnd(52)} ${String(t.certifications).padStart(3)} certifications  false ${t.falseFailures.length}  miss ${t.misses.length}  wrong blame ${t.wrongBlame.length}  not reproduced ${t.notReproduced.length}  inconclusive ${t.inconclusive.length}${list.length > 0 ? '  ←' : ''}\n`,
    );
    for (const line of list.slice(0, 5)) write(`      ${line}\n`);
  }
  write(
    `total: ${totals.certifications} certifications (${totals.seconds.toFixed(0)} s of certification); false failures ${totals.falseFailures.length}, misses ${totals.misses.length}, wrong blame ${totals.wrongBlame.length}, not reproduced ${totals.notReproduced.length}, inconclusive ${totals.inconclusive.length}\n`,
  );
  return problems;
}
