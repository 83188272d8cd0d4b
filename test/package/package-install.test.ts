/**
 * The package as partners get it: `npm pack` (which builds dist/ through `prepare`), then
 * `npm install -g` of the tarball into a temporary prefix, as on a clean machine. The installed
 * `fleetcert` prints its version, every command's `--help` works, and `start` certifies the demo.
 * Slow (a build and an install): one file. The registry is used with --prefer-offline.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOutcome, helpOfEveryCommand, runProgram } from '../support/every-command.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
let work = '';
let tarball = '';
let fleetcert = '';

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fleetcert-package-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  ) as { filename: string; size: number; entryCount: number; files: { path: string }[] }[];
  const info = packed[0]!;
  tarball = join(work, info.filename);
  // The figures the issue asks for, in the test log.
  console.log(`fleetcert package: ${info.filename}, ${info.size} bytes, ${info.entryCount} files`);
  expect(info.files.some((f) => f.path === 'dist/cli/main.js')).toBe(true);
  expect(info.files.filter((f) => /\.test\.|^test\/|^bench\/|^src\//.test(f.path))).toEqual([]);
  const prefix = join(work, 'prefix');
  const install = await runProgram(
    'npm',
    ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
    { timeoutMs: 400_000 },
  );
  expect(install, install.stderr).toMatchObject({ code: 0 });
  fleetcert = join(prefix, 'bin', 'fleetcert');
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('fleetcert installed from its packed tarball', () => {
  it('ships the compiled CLI with its production dependencies, and no tsx', async () => {
    const installed = join(fleetcert, '..', '..', 'lib', 'node_modules', 'fleetcert');
    expect((await stat(join(installed, 'dist', 'cli', 'main.js'))).isFile()).toBe(true);
    expect(await readdir(join(installed, 'docs', 'schemas'))).toContain('edp-model.schema.json');
    expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toContain('Apache License');
    for (const dependency of Object.keys(manifest.dependencies))
      expect(
        await stat(join(installed, 'node_modules', dependency)).catch(() => undefined),
        dependency,
      ).toBeDefined();
    expect(await stat(join(installed, 'node_modules', 'tsx')).catch(() => undefined)).toBeUndefined();
  });

  it('--version prints the package version', async () => {
    const outcome = await runProgram(fleetcert, ['--version']);
    expect(outcome).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
  });

  it("every command's --help exits 0 with its usage", async () => {
    const helps = await helpOfEveryCommand((args) => runProgram(fleetcert, args, { cwd: work }));
    // The top level, each command and the subcommands: more than the nine top-level commands.
    expect(helps.size).toBeGreaterThan(12);
    for (const [path, outcome] of helps) expectHelp(path, outcome);
  }, 300_000);

  it('start certifies the demo devices and hub into --out: exit 0, reports written', async () => {
    const out = join(work, 'demo');
    const outcome = await runProgram(fleetcert, ['start', '--out', out, '--runs', '5'], {
      cwd: work,
      timeoutMs: 240_000,
    });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/CERTIFIED\s+bulb-0001/);
    expect(outcome.stdout).toMatch(/CERTIFIED\s+reference-hub/);
    expect((await stat(join(out, 'index.html'))).isFile()).toBe(true);
  }, 300_000);
});

function expectHelp(path: string, outcome: CliOutcome): void {
  expect(outcome.code, `fleetcert ${path} --help: ${outcome.stderr}`).toBe(0);
  expect(outcome.stderr, `fleetcert ${path} --help`).toBe('');
  expect(outcome.stdout, `fleetcert ${path} --help`).toContain(`fleetcert ${path}`.trim());
  expect(outcome.stdout, `fleetcert ${path} --help`).toContain('--help');
}
