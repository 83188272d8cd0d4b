/**
 * Test helper: run the jobs of the CI examples (examples/ci/) here, as the CI systems would,
 * so the examples cannot rot. The YAML is parsed with `yaml`; shell steps run in bash with the
 * example's environment; two steps are substituted, and only those: installing fleetcert (a
 * `fleetcert` on PATH that runs this checkout) and starting the partner's device (a simulator
 * this helper starts and stops). Anything else the runner does not understand fails the test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FLEETCERT_BIN } from '../fleetcert-cli.js';

export type Env = Record<string, string>;

export const INSTALL_LINE = 'npm install --global "$FLEETCERT_PACKAGE"';
const PLACEHOLDER = './ci/start-device.sh';

export interface StepRecord {
  readonly name: string;
  readonly outcome: 'passed' | 'failed' | 'skipped' | 'substituted' | 'action';
  readonly output?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}

export interface JobOutcome {
  readonly passed: boolean;
  readonly steps: readonly StepRecord[];
}

/** Starts the partner's device for a job (what the placeholder stands for); resolves to its stop. */
export type DeviceStarter = (env: Env) => Promise<() => Promise<void>>;

/** A `fleetcert` command on PATH that runs this checkout: what installing fleetcert gives a CI job. */
export async function fleetcertShim(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'fleetcert');
  await writeFile(path, `#!/bin/sh\nexec "${process.execPath}" "${FLEETCERT_BIN}" "$@"\n`, { mode: 0o755 });
  return dir;
}

export function runShell(script: string, env: Env, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** `${{ secrets.NAME }}` from `secrets`; any other expression is not something this runner knows. */
function resolveExpressions(value: unknown, secrets: Env): string {
  return String(value).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const secret = /^secrets\.([A-Za-z0-9_]+)$/.exec(expression);
    if (secret === null || secrets[secret[1] as string] === undefined)
      throw new Error(`the example uses \${{ ${expression} }}, which the test runner does not provide`);
    return secrets[secret[1] as string] as string;
  });
}

function envOf(block: unknown, secrets: Env): Env {
  const out: Env = {};
  for (const [k, v] of Object.entries((block ?? {}) as Record<string, unknown>))
    out[k] = resolveExpressions(v, secrets);
  return out;
}

// biome-ignore lint/suspicious/noExplicitAny: parsed CI YAML
type Yaml = any;

export interface RunOptions {
  readonly cwd: string;
  readonly secrets: Env;
  /** The runner's own environment (PATH, HOME) and the test's overrides (ports, runs). */
  readonly base: Env;
  readonly overrides: Env;
  readonly device: DeviceStarter;
}

/** Runs one job of a GitHub Actions workflow: steps in order, `if: always()` honoured. */
export async function runGithubJob(workflow: Yaml, name: string, options: RunOptions): Promise<JobOutcome> {
  const job = workflow.jobs?.[name];
  if (job === undefined) throw new Error(`no job ${name}`);
  const env = {
    ...options.base,
    ...envOf(workflow.env, options.secrets),
    ...envOf(job.env, options.secrets),
    ...options.overrides,
  };
  const steps: StepRecord[] = [];
  const stops: Array<() => Promise<void>> = [];
  let failed = false;
  try {
    for (const step of job.steps as Yaml[]) {
      const label = String(step.name ?? step.uses ?? step.run);
      if (step.if !== undefined && step.if !== 'always()')
        throw new Error(`step ${label}: condition ${step.if} is not one the test runner knows`);
      if (failed && step.if !== 'always()') {
        steps.push({ name: label, outcome: 'skipped' });
        continue;
      }
      if (step.uses !== undefined) {
        steps.push({ name: label, outcome: 'action', uses: step.uses, with: step.with ?? {} });
        continue;
      }
      const script = String(step.run);
      const stepEnv = { ...env, ...envOf(step.env, options.secrets) };
      if (script.trim() === INSTALL_LINE) {
        steps.push({ name: label, outcome: 'substituted' });
        continue;
      }
      if (script.includes(PLACEHOLDER)) {
        stops.push(await options.device(stepEnv));
        steps.push({ name: label, outcome: 'substituted' });
        continue;
      }
      const { code, output } = await runShell(script, stepEnv, options.cwd);
      if (code !== 0) failed = true;
      steps.push({ name: label, outcome: code === 0 ? 'passed' : 'failed', output });
    }
  } finally {
    for (const stop of stops) await stop();
  }
  return { passed: !failed, steps };
}

/** A GitLab job with `extends` applied (one template, as the example uses). */
export function gitlabJob(pipeline: Yaml, name: string): Yaml {
  const job = pipeline[name];
  if (job === undefined) throw new Error(`no job ${name}`);
  const parents = job.extends === undefined ? [] : [job.extends].flat();
  return Object.assign({}, ...parents.map((p: string) => gitlabJob(pipeline, p)), job);
}

/** Whether `rules: - exists: [...]` lets the job into the pipeline (globs of the form DIR/*.EXT). */
async function ruleAdmits(rules: Yaml[] | undefined, cwd: string): Promise<boolean> {
  if (rules === undefined) return true;
  for (const rule of rules) {
    if (Object.keys(rule).some((k) => k !== 'exists'))
      throw new Error(`rule ${JSON.stringify(rule)} is not one the test runner knows`);
    for (const pattern of rule.exists as string[]) {
      const match = /^(.*)\/\*(\.[^/*]+)$/.exec(pattern);
      if (match === null) throw new Error(`exists pattern ${pattern} is not one the test runner knows`);
      const names = await readdir(join(cwd, match[1] as string)).catch(() => [] as string[]);
      if (names.some((n) => n.endsWith(match[2] as string))) return true;
    }
  }
  return false;
}

/** Runs one GitLab job: before_script then script, line by line, stopping at the first failure. */
export async function runGitlabJob(
  pipeline: Yaml,
  name: string,
  options: RunOptions,
): Promise<JobOutcome & { readonly created: boolean; readonly job: Yaml }> {
  const job = gitlabJob(pipeline, name);
  if (!(await ruleAdmits(job.rules, options.cwd))) return { created: false, passed: true, steps: [], job };
  const env = {
    ...options.base,
    ...envOf(pipeline.variables, {}),
    ...envOf(job.variables, {}),
    ...options.secrets,
    ...options.overrides,
  };
  const lines = [...(job.before_script ?? []), ...(job.script ?? [])].map(String);
  const steps: StepRecord[] = [];
  const stops: Array<() => Promise<void>> = [];
  let failed = false;
  try {
    for (const line of lines) {
      if (failed) break;
      if (line.trim() === INSTALL_LINE) {
        steps.push({ name: line, outcome: 'substituted' });
        continue;
      }
      if (line.includes(PLACEHOLDER)) {
        stops.push(await options.device(env));
        steps.push({ name: line, outcome: 'substituted' });
        continue;
      }
      const { code, output } = await runShell(line, env, options.cwd);
      if (code !== 0) failed = true;
      steps.push({ name: line, outcome: code === 0 ? 'passed' : 'failed', output });
    }
  } finally {
    for (const stop of stops) await stop();
  }
  return { created: true, passed: !failed, steps, job };
}

/** The simulated device that stands in for the partner's: the model file and id of the job's env. */
export function simulatedDevice(cwd: string, fault?: string): DeviceStarter {
  return async (env) => {
    const args = [
      FLEETCERT_BIN,
      'simulate',
      '--model',
      join(cwd, env.MODEL as string),
      '--id',
      env.DEVICE_ID as string,
      '--token',
      env.FLEETCERT_TOKEN as string,
      '--broker',
      `mqtt://127.0.0.1:${env.DEVICE_PORT}`,
      '--log-level',
      'warn',
      ...(fault === undefined ? [] : ['--fault', fault]),
    ];
    const child: ChildProcess = spawn(process.execPath, args, {
      stdio: 'ignore',
      cwd: dirname(FLEETCERT_BIN),
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    };
  };
}
