/**
 * Where one hub certification's time goes (issue 18: "~20 s per certification"): the reference
 * hub certified once at default settings, and the wall time split by stage as the judge reports
 * its progress (setup, then each rule's scenarios and exploration, then the fixed checks).
 *
 *   node --import tsx bench/judge-time.ts [--seed N] [--shape default|ws] [--runs N]
 */
import { DEFAULT_HUB_RUNS } from '../conformance/certify/certify-hub.js';
import { runHubCertification } from '../runs/index.js';
import { FLEETCERT_BIN } from '../test/support/fleetcert-cli.js';
import { referenceModel } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, {
  seed: { type: 'string', default: '3' },
  shape: { type: 'string', default: 'default' },
  runs: { type: 'string', default: String(DEFAULT_HUB_RUNS) },
});
const ws = values.shape === 'ws';
const fleet = ws
  ? [
      { type: 'bulb' as const, count: 4 },
      { type: 'tv' as const, count: 2 },
    ]
  : [
      { type: 'bulb' as const, count: 6 },
      { type: 'purifier' as const, count: 4 },
      { type: 'tv' as const, count: 2 },
    ];

const started = performance.now();
const stages: { atMs: number; stage: string }[] = [];
const outcome = await runHubCertification({
  hub: {
    kind: 'hub-command',
    command: [process.execPath, FLEETCERT_BIN, 'hub', '--log-level', 'warn'],
    display: 'fleetcert hub',
  },
  fleet: fleet.map((g) => ({ ...g, model: referenceModel(g.type) })),
  wsDevices: ws ? 2 : 0,
  seed: Number(values.seed),
  runs: Number(values.runs),
  toolVersion: 'bench',
  onProgress: (p) => {
    if (p.kind !== 'session') return;
    const stage = `${p.stage}${'rule' in p && p.rule !== undefined ? ` ${p.rule}` : ''}`;
    if (stages.at(-1)?.stage !== stage) stages.push({ atMs: performance.now() - started, stage });
  },
});
const endMs = performance.now() - started;
const spent = new Map<string, number>([['setup (broker, fleet, hub, READY)', stages[0]?.atMs ?? endMs]]);
stages.forEach((s, i) => {
  const until = stages[i + 1]?.atMs ?? endMs;
  spent.set(s.stage, (spent.get(s.stage) ?? 0) + until - s.atMs);
});
for (const [stage, ms] of spent)
  process.stdout.write(
    `${(ms / 1000).toFixed(1).padStart(6)} s  ${String(Math.round((100 * ms) / endMs)).padStart(3)} %  ${stage}\n`,
  );
process.stdout.write(
  `total ${(endMs / 1000).toFixed(1)} s: ${outcome.result?.verdict ?? outcome.run.status}, seed ${values.seed}, ${values.shape} fleet, runs ${values.runs}\n`,
);
