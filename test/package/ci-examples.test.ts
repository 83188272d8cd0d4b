/**
 * The CI examples run (examples/ci/): their shell steps, parsed from the YAML, run here in bash
 * against a simulated device standing in for the partner's (the placeholder step), with a
 * `fleetcert` on PATH for the install step. Certify gates on the exit code, JUnit and the HTML
 * report land where the publish and upload steps look for them, and the replay job fails while
 * a committed trace's bug is back and passes once it is fixed.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type Env,
  fleetcertShim,
  INSTALL_LINE,
  type JobOutcome,
  runGithubJob,
  runGitlabJob,
  simulatedDevice,
} from '../support/ci/ci-runner.js';
import { freePort } from '../support/ports.js';

const TOKEN = 'ci-example-token';
const FAULT = 'reorder-batch';
let root: string;
let ws: string;
let base: Env;
let github: ReturnType<typeof parse>;
let gitlab: ReturnType<typeof parse>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fleetcert-ci-'));
  ws = join(root, 'repo');
  await mkdir(join(ws, 'models'), { recursive: true });
  await copyFile('fixtures/models/bulb.json', join(ws, 'models', 'my-device.json'));
  const bin = await fleetcertShim(join(root, 'bin'));
  const { FLEETCERT_TOKEN: _ignored, ...inherited } = process.env as Env;
  base = { ...inherited, PATH: `${bin}:${process.env.PATH}` };
  github = parse(await readFile('examples/ci/github-actions.yml', 'utf8'));
  gitlab = parse(await readFile('examples/ci/gitlab-ci.yml', 'utf8'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = async (fault?: string) => ({
  cwd: ws,
  secrets: { FLEETCERT_DEVICE_TOKEN: TOKEN, FLEETCERT_TOKEN: TOKEN },
  base,
  overrides: { DEVICE_PORT: String(await freePort()), RUNS: '20' },
  device: simulatedDevice(ws, fault),
});

const exists = (path: string) =>
  stat(join(ws, path)).then(
    () => true,
    () => false,
  );
const failures = (outcome: JobOutcome) =>
  outcome.steps.filter((s) => s.outcome === 'failed').map((s) => `${s.name}\n${s.output}`);
const action = (outcome: JobOutcome, uses: string) => outcome.steps.find((s) => s.uses?.startsWith(uses));

describe('examples/ci/github-actions.yml', { timeout: 180_000 }, () => {
  it('installs fleetcert, starts the device (placeholder) and certifies it in each job', () => {
    for (const job of ['certify', 'replay']) {
      const steps = github.jobs[job].steps as Array<{ run?: string; name?: string }>;
      expect(steps.some((s) => s.run?.trim() === INSTALL_LINE)).toBe(true);
      expect(steps.some((s) => s.name === 'Start your device (placeholder)')).toBe(true);
    }
  });

  it('certify: a conformant device passes, JUnit and the HTML report are where the publish steps look', async () => {
    await rm(join(ws, 'fleetcert-report'), { recursive: true, force: true });
    const outcome = await runGithubJob(github, 'certify', await options());
    expect(failures(outcome)).toEqual([]);
    expect(outcome.passed).toBe(true);
    const junit = action(outcome, 'mikepenz/action-junit-report');
    const upload = action(outcome, 'actions/upload-artifact');
    expect(await exists(String(junit?.with?.report_paths))).toBe(true);
    expect(await exists(join(String(upload?.with?.path), 'report.html'))).toBe(true);
    expect(await readFile(join(ws, 'fleetcert-report', 'junit.xml'), 'utf8')).toContain('failures="0"');
  });

  it('certify: a device with a planted bug fails the job at certify, and the reports are still published', async () => {
    await rm(join(ws, 'fleetcert-report'), { recursive: true, force: true });
    const outcome = await runGithubJob(github, 'certify', await options(FAULT));
    expect(outcome.passed).toBe(false);
    expect(outcome.steps.find((s) => s.outcome === 'failed')?.name).toMatch(/^Certify/);
    const after = outcome.steps.slice(outcome.steps.findIndex((s) => s.outcome === 'failed') + 1);
    expect(after.map((s) => s.outcome)).toEqual(['action', 'action']);
    expect(await readFile(join(ws, 'fleetcert-report', 'junit.xml'), 'utf8')).toContain('EDP-RPC-3');
    expect(await exists('fleetcert-report/report.html')).toBe(true);
    const traces = await readdir(join(ws, 'fleetcert-report', 'traces'));
    expect(traces).toContain('EDP-RPC-3.trace.json');
  });

  it('replay: with no traces committed there is nothing to replay, and the job passes', async () => {
    await rm(join(ws, 'fleetcert'), { recursive: true, force: true });
    const outcome = await runGithubJob(github, 'replay', await options());
    expect(failures(outcome)).toEqual([]);
    expect(outcome.steps.map((s) => s.output ?? '').join('')).toContain('nothing to replay');
  });

  it('replay: committed traces fail the job while the bug is back, and pass once it is fixed', async () => {
    await commitTraces();
    const broken = await runGithubJob(github, 'replay', await options(FAULT));
    expect(broken.passed).toBe(false);
    expect(failures(broken).join('')).toContain('EDP-RPC-3 still broken');
    const fixed = await runGithubJob(github, 'replay', await options());
    expect(failures(fixed)).toEqual([]);
    expect(await exists(String(action(fixed, 'mikepenz/action-junit-report')?.with?.report_paths))).toBe(
      true,
    );
  });
});

describe('examples/ci/gitlab-ci.yml', { timeout: 180_000 }, () => {
  it('certify: a conformant device passes; the artifacts and the JUnit report exist', async () => {
    await rm(join(ws, 'fleetcert-report'), { recursive: true, force: true });
    const outcome = await runGitlabJob(gitlab, 'certify', await options());
    expect(outcome.steps.map((s) => s.outcome)).toContain('substituted');
    expect(failures(outcome)).toEqual([]);
    expect(outcome.job.artifacts.when).toBe('always');
    expect(await exists(outcome.job.artifacts.reports.junit)).toBe(true);
    expect(await exists(join(outcome.job.artifacts.paths[0], 'report.html'))).toBe(true);
  });

  it('certify: a planted bug fails the job', async () => {
    const outcome = await runGitlabJob(gitlab, 'certify', await options(FAULT));
    expect(outcome.passed).toBe(false);
    expect(outcome.steps.at(-1)?.name).toMatch(/^fleetcert certify/);
    await commitTraces();
  });

  it('replay: runs only when traces are committed; fails while the bug is back, passes once fixed', async () => {
    const broken = await runGitlabJob(gitlab, 'replay', await options(FAULT));
    expect(broken.created).toBe(true);
    expect(broken.passed).toBe(false);
    const fixed = await runGitlabJob(gitlab, 'replay', await options());
    expect(failures(fixed)).toEqual([]);
    expect(await exists(fixed.job.artifacts.reports.junit)).toBe(true);
    await rm(join(ws, 'fleetcert'), { recursive: true, force: true });
    expect((await runGitlabJob(gitlab, 'replay', await options())).created).toBe(false);
  });
});

/** What the partner does after a failed certification: commit its traces into fleetcert/traces/. */
async function commitTraces(): Promise<void> {
  const from = join(ws, 'fleetcert-report', 'traces');
  const to = join(ws, 'fleetcert', 'traces');
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) await copyFile(join(from, name), join(to, name));
}
