/**
 * Hub replays rerun the session (issue 18 item 5). A counterexample's replay token, given back as
 * `replay`, runs the shrunk session again and fails the same rule with the same commands. And the
 * replay COMMAND a result prints, run as printed (a fresh hub, fleet and broker, through the CLI),
 * recreates the same grants, fleet, device ids and fleet events, so it fails the same rule on the
 * same device against the same faulty hub: for a planted fault caught by exploration (a
 * generated, shrunk session), one caught by a rule scenario, and one only WebSocket devices
 * show. These faults act the same way every time, so none may be "seen, not reproduced".
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCertifyHubOptions } from '../../cli/commands/certify-hub-options.js';
import { judgeLateness } from '../../conformance/harness/judge-lateness.js';
import { parseReplayToken } from '../../conformance/suites/model-based/replay-token.js';
import { runHubCertification as runHubCertificationAsCli, splitHubCommand } from '../../runs/index.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import type { RuleVerdict } from '../../src/result/rule-verdict.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';
import { runHubCertification } from '../support/hub-certification.js';
import { referenceModel } from '../support/reference-simulator.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs `fleetcert ARGS --out DIR` and reads its result.json. */
async function certifyByCli(args: readonly string[]): Promise<CertificationResult> {
  const out = await mkdtemp(join(tmpdir(), 'fleetcert-hub-replay-'));
  dirs.push(out);
  const cli = spawnFleetcert([...args, '--out', out]);
  const { code } = await cli.exited;
  expect(code, cli.stderr().slice(-2_000)).not.toBe(2);
  return JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as CertificationResult;
}

/** The devices a counterexample names (`bulb-0002`, `tv-0001`, `late-0001` excluded: its number is the fleet's count). */
function devicesNamed(r: Extract<RuleVerdict, { verdict: 'failed' }>): string[] {
  const text = r.counterexample.commands.join(' ');
  return [...new Set(text.match(/\b(?:bulb|purifier|tv)-\d{4}\b/g) ?? [])].sort();
}

describe('hub replay tokens', () => {
  it('replay the shrunk counterexample of a planted fault', async () => {
    const fault = 'forward-ungranted';
    const first = await runHubCertification({
      seed: 3,
      fault,
      runs: 40,
      only: ['EDP-HUB-5'],
      deadlineMs: 500,
    });
    const failed = first.result.requirements.find((r) => r.rule === 'EDP-HUB-5');
    expect(failed?.verdict).toBe('failed');
    if (failed?.verdict !== 'failed') return;
    const token = parseReplayToken(failed.replay.command.match(/--replay (\S+)/)?.[1] ?? '');
    const again = await runHubCertification({
      seed: 3,
      fault,
      runs: 1,
      only: ['EDP-HUB-5'],
      replay: token,
      deadlineMs: 500,
    });
    const replayed = again.result.requirements.find((r) => r.rule === 'EDP-HUB-5');
    expect(replayed?.verdict).toBe('failed');
    if (replayed?.verdict !== 'failed') return;
    expect(replayed.counterexample.commands).toEqual(failed.counterexample.commands);
  }, 300_000);
});

describe('a printed hub replay command, run as printed, fails the same rule on the same devices', () => {
  const cases = [
    // Exploration finds it (two commands in a row to one device): a generated, shrunk session.
    { fault: 'reorder-commands', rule: 'EDP-HUB-1', seed: 4, fleet: ['--fleet', 'bulb=2,purifier=1,tv=1'] },
    // A rule scenario finds it, whatever the seed.
    {
      fault: 'notify-unsubscribed',
      rule: 'EDP-HUB-3',
      seed: 7,
      fleet: ['--fleet', 'bulb=2,purifier=1,tv=1'],
    },
    // A rule scenario finds it (scenario 1: a graceful offline under a "*" subscriber, then a
    // command). Its in-run rerun starts just after the fleet reset brought the device back (the
    // failing session left it offline): the judge once read that comeback as presence in
    // transition, excused the -4011 and marked the failure "seen, not reproduced" (issue 18).
    { fault: 'forward-to-offline', rule: 'EDP-HUB-2', seed: 1, fleet: [] },
    // Only a WebSocket device shows it.
    {
      fault: 'ws-close-not-offline',
      rule: 'EDP-HUB-4',
      seed: 1,
      fleet: ['--fleet', 'bulb=2,tv=1', '--ws-devices', '2'],
    },
  ] as const;
  it.concurrent.each(cases)(
    '$fault ($rule, seed $seed)',
    async ({ fault, rule, seed, fleet }) => {
      const first = await certifyByCli([
        'certify',
        'hub',
        '--hub-command',
        `fleetcert hub --fault ${fault}`,
        ...fleet,
        '--seed',
        String(seed),
        '--runs',
        '12',
        '--only',
        rule,
      ]);
      const failed = first.requirements.find((r) => r.rule === rule);
      expect(failed?.verdict, `${fault} fails ${rule}`).toBe('failed');
      if (failed?.verdict !== 'failed') return;
      expect(failed.reproduced, 'a deterministic fault is never "seen, not reproduced"').not.toBe(false);
      // The printed command carries the run's seed (grants, fleet, participants) beside the token.
      expect(failed.replay.command).toContain(`--seed ${seed} --replay `);
      const words = splitHubCommand(failed.replay.command);
      expect(words.slice(0, 3)).toEqual(['fleetcert', 'certify', 'hub']);
      const again = await certifyByCli(words.slice(1));
      const replayed = again.requirements.find((r) => r.rule === rule);
      expect(replayed?.verdict, `the printed replay fails ${rule} again: ${failed.replay.command}`).toBe(
        'failed',
      );
      if (replayed?.verdict !== 'failed') return;
      expect(again.subject.kind === 'hub' && again.subject.apps).toEqual(
        first.subject.kind === 'hub' && first.subject.apps,
      );
      expect(replayed.counterexample.commands.map((c) => c.replace(/late-\d{4}/g, 'late'))).toEqual(
        failed.counterexample.commands.map((c) => c.replace(/late-\d{4}/g, 'late')),
      );
      expect(devicesNamed(replayed)).toEqual(devicesNamed(failed));
    },
    600_000,
  );
});

/**
 * Issue 18 item 5, `forward-to-offline` seeds 4–6 (and 1–3 alike): in a process whose judge loop
 * had already run late (three certifications side by side, ~2 s in all), the rerun a certification
 * makes of scenario 1 passed, so the failure was "seen, not reproduced". The lateness samples are
 * the process's running total, and the judge read the time before a run's first sample as on
 * time: the offline the failing session left behind then looked "in time" for the app's news of
 * the rerun's own offline, the rerun's offline looked unheard and the -4011 was excused. Here the
 * process's earlier lateness is made, not waited for: the loop is held 1.5 s while the meter runs
 * (a slower machine only adds to it), then the CLI's own certification runs in this process at
 * default settings (no --only), and its printed replay runs through the CLI against a fresh hub.
 */
/** Lateness during the run itself that may excuse a rerun's offline race (a busy machine; well under the 1.5 s held before). */
const MEANINGFUL_LATENESS_MS = 100;

describe('a caught forward-to-offline reproduces however late the process ran before', () => {
  it('seed 4, default fleet and settings: EDP-HUB-2 reproduced, and its printed replay fails it again', async () => {
    judgeLateness.acquire();
    const heldUntil = performance.now() + 1_500;
    while (performance.now() < heldUntil) {
      // The loop held, as a busy process holds it: the meter counts it when its tick fires late.
    }
    judgeLateness.release();
    expect(judgeLateness.lateMs()).toBeGreaterThan(1_000);

    const options = resolveCertifyHubOptions(
      { hubCommand: 'fleetcert hub --fault forward-to-offline', seed: 4 },
      ['bulb', 'purifier', 'tv'],
    );
    if (options.hub.kind !== 'hub-command') throw new Error('a --hub-command run');
    const lateBeforeRun = judgeLateness.lateMs();
    const outcome = await runHubCertificationAsCli({
      hub: options.hub,
      fleet: options.fleet.map((entry) => {
        if (entry.source.kind !== 'reference') throw new Error('the default fleet is reference devices');
        const type = entry.source.type as 'bulb' | 'purifier' | 'tv';
        return { type, model: referenceModel(type), count: entry.count };
      }),
      wsDevices: options.wsDevices,
      deadlineMs: options.deadlineMs,
      seed: options.seed,
      runs: options.runs,
      runDeadlineMs: options.runDeadlineMs,
      replayCommand: options.replayCommand,
      toolVersion: 'test',
    });
    const result = outcome.result;
    expect(result, String(outcome.run.error)).toBeDefined();
    if (result === undefined) return;
    const failed = result.requirements.find((r) => r.rule === 'EDP-HUB-2');
    expect(failed?.verdict).toBe('failed');
    if (failed?.verdict !== 'failed') return;
    // The rerun judges an offline racing a command, and the judge excuses what its own lateness
    // during that rerun could explain (the charitable reading). What this test guards is lateness
    // from BEFORE the run excusing it: with none accrued during the run, the rerun must fail again.
    const lateDuringRun = judgeLateness.lateMs() - lateBeforeRun;
    if (failed.reproduced === false && lateDuringRun >= MEANINGFUL_LATENESS_MS) {
      console.log(
        `not reproduced, excused by ${lateDuringRun} ms of the judge's own lateness during the run`,
      );
      return;
    }
    expect(
      failed.reproduced,
      `the in-run rerun fails EDP-HUB-2 again (judge late ${lateDuringRun} ms)`,
    ).not.toBe(false);
    expect(
      result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule),
      'forward-to-offline breaks EDP-HUB-2 alone',
    ).toEqual(['EDP-HUB-2']);

    const words = splitHubCommand(failed.replay.command);
    expect(words.slice(0, 3)).toEqual(['fleetcert', 'certify', 'hub']);
    expect(failed.replay.command).toContain('--seed 4 --replay ');
    const again = await certifyByCli(words.slice(1));
    const replayed = again.requirements.find((r) => r.rule === 'EDP-HUB-2');
    expect(replayed?.verdict, `the printed replay fails EDP-HUB-2 again: ${failed.replay.command}`).toBe(
      'failed',
    );
    if (replayed?.verdict !== 'failed') return;
    expect(replayed.counterexample.commands).toEqual(failed.counterexample.commands);
    expect(devicesNamed(replayed)).toEqual(devicesNamed(failed));
  }, 900_000);
});
