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
 * Options: --seeds N (correct hubs, default 100), --fault-seeds M (bugs, default 20), --hubs
 * LIST (reference, independent, outside, faults, outside-bugs, or a hub's name such as
 * `fault:subscribe-appends` / `bug:NAME`; default all), --shapes default,ws (default both),
 * --runs N (default the CLI's, DEFAULT_HUB_RUNS), --replays (rerun every failure's printed replay), --jobs N
 * (certifications at once, default 1), --outside PATH (the outside hub.py; default
 * test/support/outside/hub.py, left out when absent).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_HUB_RUNS } from '../conformance/certify/certify-hub.js';
import { parseReplayToken } from '../conformance/suites/model-based/replay-token.js';
import { runHubCertification } from '../runs/index.js';
import type { CertificationResult } from '../src/result/certification-result.js';
import { referenceModel } from '../test/support/reference-simulator.js';
import { type BenchHub, benchHubs } from './judge-subjects.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '100' },
    'fault-seeds': { type: 'string' },
    hubs: { type: 'string' },
    shapes: { type: 'string', default: 'default,ws' },
    runs: { type: 'string', default: String(DEFAULT_HUB_RUNS) },
    replays: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    outside: { type: 'string' },
  },
});
const seeds = Number(values.seeds);
// `--seeds N` alone runs small all through: bugs get min(N, 20) seeds unless --fault-seeds says.
const faultSeeds = values['fault-seeds'] === undefined ? Math.min(seeds, 20) : Number(values['fault-seeds']);
const CORRECT = new Set<BenchHub['family']>(['reference', 'independent', 'outside']);
const runs = Number(values.runs);
const jobs = Math.max(1, Number(values.jobs));

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
  for (const shape of hubShapes) for (let seed = 1; seed <= hubSeeds; seed++) work.push({ hub, shape, seed });
}

interface Tally {
  certifications: number;
  falseFailures: string[];
  misses: string[];
  wrongBlame: string[];
  notReproduced: string[];
  inconclusive: string[];
}
const tallies = new Map<string, Tally>();
const tallyOf = (key: string): Tally => {
  let t = tallies.get(key);
  if (t === undefined) {
    t = {
      certifications: 0,
      falseFailures: [],
      misses: [],
      wrongBlame: [],
      notReproduced: [],
      inconclusive: [],
    };
    tallies.set(key, t);
  }
  return t;
};

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

async function judgeOne(job: Job): Promise<void> {
  const key = `${job.hub.name} [${job.shape.name}]`;
  const t = tallyOf(key);
  const label = `seed ${job.seed}`;
  const began = performance.now();
  const result = await certify(job).catch((error: unknown) => `error: ${(error as Error).message}`);
  t.certifications++;
  const failedRules =
    typeof result === 'string'
      ? result
      : result.requirements
          .filter((r) => r.verdict === 'failed')
          .map((r) => r.rule)
          .join(',') || 'none failed';
  process.stderr.write(
    `  ${key} seed ${job.seed}: ${typeof result === 'string' ? 'error' : result.verdict} (${failedRules}) ${((performance.now() - began) / 1000).toFixed(0)} s\n`,
  );
  if (typeof result === 'string') {
    t.inconclusive.push(`${label}: ${result}`);
    return;
  }
  const failed = result.requirements.filter((r) => r.verdict === 'failed');
  const notRun = result.requirements.filter((r) => r.verdict === 'not-run');
  for (const r of failed)
    if (r.verdict === 'failed' && r.reproduced === false)
      t.notReproduced.push(`${label} ${r.rule}: marked seen, not reproduced`);
  if (CORRECT.has(job.hub.family)) {
    for (const r of failed)
      t.falseFailures.push(
        `${label} ${r.rule}: ${r.verdict === 'failed' ? `${r.counterexample.summary.slice(0, 300)} — ${r.counterexample.commands.join(' | ')} — ${r.replay.command}` : ''}`,
      );
  } else {
    const mine = failed.filter((r) => job.hub.breaks === undefined || r.rule === job.hub.breaks);
    if (mine.length === 0) t.misses.push(`${label}: ${job.hub.breaks ?? 'no rule'} passed`);
    for (const r of failed)
      if (job.hub.breaks !== undefined && r.rule !== job.hub.breaks)
        t.wrongBlame.push(
          `${label} ${r.rule}: ${r.verdict === 'failed' ? r.counterexample.summary.slice(0, 160) : ''}`,
        );
  }
  if (notRun.length > 0 && failed.length === 0)
    t.inconclusive.push(`${label}: not run ${notRun.map((r) => r.rule).join(', ')}`);
  if (!values.replays) return;
  for (const r of failed) {
    if (r.verdict !== 'failed' || r.reproduced === false) continue;
    const token = /--replay (\S+)/.exec(r.replay.command)?.[1];
    const seed = Number(/--seed (\d+)/.exec(r.replay.command)?.[1] ?? job.seed);
    if (token === undefined) continue;
    const again = await certify({ ...job, seed }, { replay: token, only: r.rule });
    const same =
      typeof again !== 'string' &&
      again.requirements.some((q) => q.rule === r.rule && q.verdict === 'failed');
    if (!same) t.notReproduced.push(`${label} ${r.rule}: the printed replay passed (${r.replay.command})`);
  }
}

const started = performance.now();
process.stdout.write(
  `bench:judge: ${work.length} certifications (${selected.length} hubs; correct hubs seeds 1..${seeds} in ${shapes.map((s) => s.name).join(' and ')}, bugs seeds 1..${faultSeeds}), runs ${runs}, ${jobs} at once${values.replays ? ', every printed replay rerun' : ''}\n`,
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

const totals = {
  certifications: 0,
  falseFailures: 0,
  misses: 0,
  wrongBlame: 0,
  notReproduced: 0,
  inconclusive: 0,
};
for (const [key, t] of tallies) {
  totals.certifications += t.certifications;
  totals.falseFailures += t.falseFailures.length;
  totals.misses += t.misses.length;
  totals.wrongBlame += t.wrongBlame.length;
  totals.notReproduced += t.notReproduced.length;
  totals.inconclusive += t.inconclusive.length;
  const bad =
    t.falseFailures.length +
    t.misses.length +
    t.wrongBlame.length +
    t.notReproduced.length +
    t.inconclusive.length;
  process.stdout.write(
    `  ${key.padEnd(52)} ${String(t.certifications).padStart(3)} certifications  false ${t.falseFailures.length}  miss ${t.misses.length}  wrong blame ${t.wrongBlame.length}  not reproduced ${t.notReproduced.length}  inconclusive ${t.inconclusive.length}${bad > 0 ? '  ←' : ''}\n`,
  );
  for (const line of [
    ...t.falseFailures,
    ...t.misses,
    ...t.wrongBlame,
    ...t.notReproduced,
    ...t.inconclusive,
  ].slice(0, 5))
    process.stdout.write(`      ${line}\n`);
}
process.stdout.write(
  `total: ${totals.certifications} certifications in ${((performance.now() - started) / 1000).toFixed(0)} s; false failures ${totals.falseFailures}, misses ${totals.misses}, wrong blame ${totals.wrongBlame}, not reproduced ${totals.notReproduced}, inconclusive ${totals.inconclusive}\n`,
);
process.exitCode =
  totals.falseFailures + totals.misses + totals.wrongBlame + totals.notReproduced + totals.inconclusive === 0
    ? 0
    : 1;
