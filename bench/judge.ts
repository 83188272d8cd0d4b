/**
 * `npm run bench:judge` (issue 18 item 6): what the hub judge's verdicts are worth. Certifies the
 * correct hubs (the reference hub, the independent hub, an outside Python hub when present) with
 * seeds 1..N in two fleet shapes (the default fleet, and `--fleet bulb=4,tv=2 --ws-devices 2`),
 * and every planted hub bug with seeds 1..M (the reference hub's faults, the outside hub's
 * `--bug`s), each a full certification at default settings (no --only), and prints:
 * - false failures: a correct hub not certified (any rule failed);
 * - misses: a planted bug whose rule did not fail;
 * - wrong blame: a planted bug for which another rule failed too;
 * - not reproduced: failures marked "seen, not reproduced", and (with --replays) printed replay
 *   commands that, rerun against the same hub, did not fail the same rule.
 * All zero is the bar; exit 1 otherwise. Each problem is listed with its seed and rule.
 *
 * In pieces (the full size is ~600 certifications, hours on 2 cores): --from A --to B certifies only
 * seeds A..B of each hub (bugs: of their 1..M), --out FILE appends one JSON line per certification
 * as it ends (bench/judge-tally.ts), and --summary FILE... prints the counts over every piece's
 * lines without certifying anything (a seed certified twice counts once, its latest line).
 *
 * Options: --seeds N (correct hubs, default 100), --fault-seeds M (bugs, default 20), --hubs
 * LIST (reference, independent, outside, faults, outside-bugs, or a hub's name such as
 * `fault:subscribe-appends` / `bug:NAME`; default all), --shapes default,ws (default both),
 * --runs N (default the CLI's, DEFAULT_HUB_RUNS), --replays (rerun every failure's printed replay), --jobs N
 * (certifications at once, default 1), --outside PATH (the outside hub.py; default
 * test/support/outside/hub.py, left out when absent).
 */
import { appendFileSync } from 'node:fs';
import { DEFAULT_HUB_RUNS } from '../conformance/certify/certify-hub.js';
import { parseReplayToken } from '../conformance/suites/model-based/replay-token.js';
import { runHubCertification } from '../runs/index.js';
import type { CertificationResult } from '../src/result/certification-result.js';
import { referenceModel } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';
import { type BenchHub, benchHubs } from './judge-subjects.js';
import { type JudgeBenchLine, latestLines, printTallies, readJudgeBenchLines } from './judge-tally.js';

const { values, positionals } = parseBenchArgs(
  import.meta.url,
  {
    seeds: { type: 'string', default: '100' },
    'fault-seeds': { type: 'string' },
    hubs: { type: 'string' },
    shapes: { type: 'string', default: 'default,ws' },
    runs: { type: 'string', default: String(DEFAULT_HUB_RUNS) },
    replays: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    outside: { type: 'string' },
    from: { type: 'string', default: '1' },
    to: { type: 'string' },
    out: { type: 'string' },
    summary: { type: 'boolean', default: false },
  },
  true,
);

if (values.summary) {
  // --summary FILE...: the counts over pieces already run; nothing is certified.
  const { lines, skipped } = readJudgeBenchLines(positionals);
  const kept = latestLines(lines);
  process.stdout.write(
    `bench:judge summary of ${positionals.length} file(s): ${kept.length} certifications (${lines.length - kept.length} repeated lines superseded${skipped.length > 0 ? `, torn lines skipped: ${skipped.join(', ')}` : ''})\n`,
  );
  const problems = printTallies(kept, (text) => process.stdout.write(text));
  process.exit(problems === 0 ? 0 : 1);
}
const seeds = Number(values.seeds);
// `--seeds N` alone runs small all through: bugs get min(N, 20) seeds unless --fault-seeds says.
const faultSeeds = values['fault-seeds'] === undefined ? Math.min(seeds, 20) : Number(values['fault-seeds']);
const CORRECT = new Set<BenchHub['family']>(['reference', 'independent', 'outside']);
const runs = Number(values.runs);
const jobs = Math.max(1, Number(values.jobs));
const fromSeed = Math.max(1, Number(values.from));
const toSeed = values.to === undefined ? Number.POSITIVE_INFINITY : Number(values.to);

interface Shape {
  readonly name: 'default' | 'ws';
  readonly flag: string;
  readonly fleet: { type: 'bulb' | 'purifier' | 'tv'; count: number }[];
  readonly wsDevices: number;
}
const SHAPES: Shape[] = [
  {
    name: 'default',
    flag: '--fleet bulb=6,purifier=4,tv=2',
    fleet: [
      { type: 'bulb', count: 6 },
      { type: 'purifier', count: 4 },
      { type: 'tv', count: 2 },
    ],
    wsDevices: 0,
  },
  {
    name: 'ws',
    flag: '--fleet bulb=4,tv=2 --ws-devices 2',
    fleet: [
      { type: 'bulb', count: 4 },
      { type: 'tv', count: 2 },
    ],
    wsDevices: 2,
  },
];
const shapes = SHAPES.filter((s) => (values.shapes ?? '').split(',').includes(s.name));

const { hubs: all, notes } = benchHubs(values.outside);
const wanted = values.hubs?.split(',').map((h) => h.trim());
const selected = all.filter(
  (h) =>
    wanted === undefined ||
    wanted.includes(h.family) ||
    wanted.includes(h.name) ||
    wanted.includes(h.name.replace('reference --fault ', 'fault:').replace('outside --bug ', 'bug:')),
);

interface Job {
  readonly hub: BenchHub;
  readonly shape: Shape;
  readonly seed: number;
}
const work: Job[] = [];
for (const hub of selected) {
  const hubSeeds = CORRECT.has(hub.family) ? seeds : faultSeeds;
  // A planted bug is swept in one shape: the WebSocket one when only a WebSocket device shows it.
  const hubShapes = !CORRECT.has(hub.family)
    ? shapes
        .filter((s) => (hub.needsWs ? s.name === 'ws' : s.name === (shapes[0]?.name ?? 'default')))
        .slice(0, 1)
    : shapes;
  for (const shape of hubShapes)
    for (let seed = fromSeed; seed <= Math.min(hubSeeds, toSeed); seed++) work.push({ hub, shape, seed });
}

async function certify(
  job: Job,
  extra: { replay?: string; only?: string } = {},
): Promise<CertificationResult | string> {
  const outcome = await runHubCertification({
    hub: { kind: 'hub-command', command: job.hub.command, display: job.hub.name },
    fleet: job.shape.fleet.map((g) => ({ type: g.type, model: referenceModel(g.type), count: g.count })),
    wsDevices: job.shape.wsDevices,
    seed: job.seed,
    runs,
    toolVersion: 'bench',
    ...(extra.replay === undefined ? {} : { replay: parseReplayToken(extra.replay) }),
    ...(extra.only === undefined ? {} : { only: [extra.only as 'EDP-HUB-1'] }),
  });
  return (
    outcome.result ?? `${outcome.run.status} in ${outcome.run.task}: ${(outcome.run.error as Error)?.message}`
  );
}

const lines: JudgeBenchLine[] = [];

/** One certification (and with --replays its printed replays rerun), as a line; appended to --out at once. */
async function judgeOne(job: Job): Promise<void> {
  const key = `${job.hub.name} [${job.shape.name}]`;
  const began = performance.now();
  const result = await certify(job).catch((error: unknown) => `error: ${(error as Error).message}`);
  const seconds = (performance.now() - began) / 1000;
  const failed =
    typeof result === 'string'
      ? []
      : result.requirements.flatMap((r) =>
          r.verdict === 'failed'
            ? [
                {
                  rule: r.rule,
                  ...(r.reproduced === undefined ? {} : { reproduced: r.reproduced }),
                  summary: `${r.counterexample.summary} — ${r.counterexample.commands.join(' | ')}`,
                  replay: r.replay.command,
                },
              ]
            : [],
        );
  process.stderr.write(
    `  ${key} seed ${job.seed}: ${typeof result === 'string' ? 'error' : result.verdict} (${typeof result === 'string' ? result : failed.map((r) => r.rule).join(',') || 'none failed'}) ${seconds.toFixed(0)} s\n`,
  );
  const replays: { rule: string; failedAgain: boolean; command: string }[] = [];
  if (values.replays)
    for (const r of failed) {
      if (r.reproduced === false) continue;
      const token = /--replay (\S+)/.exec(r.replay)?.[1];
      const seed = Number(/--seed (\d+)/.exec(r.replay)?.[1] ?? job.seed);
      if (token === undefined) continue;
      const again = await certify({ ...job, seed }, { replay: token, only: r.rule });
      const failedAgain =
        typeof again !== 'string' &&
        again.requirements.some((q) => q.rule === r.rule && q.verdict === 'failed');
      replays.push({ rule: r.rule, failedAgain, command: r.replay });
    }
  const line: JudgeBenchLine = {
    hub: job.hub.name,
    correct: CORRECT.has(job.hub.family),
    ...(job.hub.breaks === undefined ? {} : { breaks: job.hub.breaks }),
    shape: job.shape.name,
    seed: job.seed,
    runs,
    seconds: Math.round(seconds),
    verdict: typeof result === 'string' ? 'error' : result.verdict,
    ...(typeof result === 'string' ? { error: result } : {}),
    failed,
    notRun:
      typeof result === 'string'
        ? []
        : result.requirements.filter((r) => r.verdict === 'not-run').map((r) => r.rule),
    ...(values.replays ? { replays } : {}),
    at: new Date().toISOString(),
  };
  lines.push(line);
  if (values.out !== undefined) appendFileSync(values.out, `${JSON.stringify(line)}\n`);
}

const started = performance.now();
process.stdout.write(
  `bench:judge: ${work.length} certifications (${selected.length} hubs; correct hubs seeds ${fromSeed}..${Math.min(seeds, toSeed)} in ${shapes.map((s) => s.name).join(' and ')}, bugs seeds ${fromSeed}..${Math.min(faultSeeds, toSeed)}), runs ${runs}, ${jobs} at once${values.replays ? ', every printed replay rerun' : ''}${values.out === undefined ? '' : `, lines appended to ${values.out}`}\n`,
);
for (const note of notes) process.stdout.write(`  note: ${note}\n`);
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < work.length) {
      const job = work[next++] as Job;
      await judgeOne(job);
    }
  }),
);

const problems = printTallies(lines, (text) => process.stdout.write(text));
process.stdout.write(`wall time ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.exitCode = problems === 0 ? 0 : 1;
