/**
 * The container image's file set, assembled from the Dockerfile's own instructions (parsed, not
 * repeated here): the final stage's COPY lines (the build stage's dist/ made by the same build
 * script, into a temporary folder), its `npm ci` RUN line, its ENV. From that folder, as the
 * image runs it: every command's --help, `start`, a small `load` against the reference hub, and
 * `load k8s` naming the image the Dockerfile builds. Where a container engine and the base image
 * are present the image is also built and run for real; otherwise that test is skipped, saying so.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DockerStage, imagePath, parseDockerfile } from '../support/dockerfile.js';
import { type CliOutcome, helpOfEveryCommand, runProgram } from '../support/every-command.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCKERFILE = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(DOCKERFILE);
const final = stages.at(-1)!;
const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

let work = '';
/** The image's root filesystem, as far as the Dockerfile puts files in it. */
let image = '';
let app = '';
let buildOut = '';

/** `node <the image's entrypoint target> …args`, with the image's ENV, in a scratch WORKDIR. */
function fleetcert(args: readonly string[], timeoutMs = 120_000): Promise<CliOutcome> {
  return runProgram(process.execPath, [join(app, 'bin', 'fleetcert.js'), ...args], {
    cwd: join(work, 'tmp'),
    env: final.env,
    timeoutMs,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fleetcert-image-'));
  image = join(work, 'image');
  await mkdir(join(work, 'tmp'), { recursive: true });
  const build = buildStage();
  // The build stage's output, made by the same script its RUN line runs (npm run build).
  // Inside the checkout, so the build (which loads the compiled command modules to write their
  // catalog) resolves the dependencies from its node_modules, as in the build stage.
  await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  buildOut = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'fleetcert-image-build-'));
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--out-dir', buildOut], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const copy of final.copies) {
    const target = join(image, imagePath(copy.workdir, copy.dest));
    const intoFolder = copy.sources.length > 1 || copy.dest.endsWith('/') || copy.dest === '.';
    for (const source of copy.sources) {
      const from = copy.from === undefined ? join(ROOT, source) : fromBuildStage(build, source, buildOut);
      const isFile = (await stat(from)).isFile();
      const to = isFile && intoFolder ? join(target, source.split('/').at(-1)!) : target;
      await cp(from, to, { recursive: true });
    }
  }
  // The package's folder: where package.json was copied.
  const manifestCopy = final.copies.find((c) => c.sources.includes('package.json'));
  expect(manifestCopy, 'the Dockerfile copies package.json').toBeDefined();
  app = join(image, imagePath(manifestCopy!.workdir, manifestCopy!.dest));
  // The final stage's dependency install, exactly as its RUN line has it (offline when cached).
  const installs = final.runs.flatMap((run) => run.split('&&').map((part) => part.trim()));
  const npmCi = installs.filter((part) => part.startsWith('npm ci'));
  expect(npmCi, 'the final stage installs dependencies with npm ci').toHaveLength(1);
  const install = await runProgram('npm', [...npmCi[0]!.split(/\s+/).slice(1), '--prefer-offline'], {
    cwd: app,
    env: final.env,
    timeoutMs: 400_000,
  });
  expect(install.code, install.stderr).toBe(0);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (buildOut) await rm(buildOut, { recursive: true, force: true });
});

/** The stage the final one copies compiled output from: it copies the context and builds. */
function buildStage(): DockerStage {
  const names = new Set(final.copies.flatMap((c) => (c.from ? [c.from] : [])));
  expect(names.size, 'one build stage').toBeLessThanOrEqual(1);
  const build = stages.find((s) => s.name !== undefined && names.has(s.name));
  if (!build) return final;
  expect(
    build.copies.some((c) => c.sources.join() === '.' && imagePath(c.workdir, c.dest) === build.workdir),
  ).toBe(true);
  expect(build.runs.join(' && ')).toContain('npm run build');
  return build;
}

/** A path the build stage produced: dist/ from the build, anything else from the context. */
function fromBuildStage(build: DockerStage, source: string, buildOut: string): string {
  const inContext = relative(build.workdir, source);
  expect(inContext.startsWith('..'), `${source} is inside the build stage's ${build.workdir}`).toBe(false);
  return inContext === 'dist' || inContext.startsWith('dist/')
    ? join(buildOut, inContext.slice('dist'.length))
    : join(ROOT, inContext);
}

describe("the container image's file set (from the Dockerfile's COPY lines)", () => {
  it('has the entrypoint its RUN line links, and no TypeScript sources or tests', async () => {
    const link = /ln -s (\S+) \S*fleetcert/.exec(final.runs.join(' && '));
    expect(link, 'the Dockerfile links the fleetcert entrypoint').not.toBeNull();
    expect((await stat(join(image, link![1]!))).isFile()).toBe(true);
    await expect(stat(join(app, 'src'))).rejects.toThrow();
    await expect(stat(join(app, 'test'))).rejects.toThrow();
    await expect(stat(join(app, 'node_modules', 'tsx'))).rejects.toThrow();
  });

  it('--version and every command’s --help exit 0', async () => {
    expect(await fleetcert(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    const helps = await helpOfEveryCommand((args) => fleetcert(args));
    expect(helps.size).toBeGreaterThan(12);
    for (const [path, outcome] of helps) {
      expect(outcome.code, `fleetcert ${path} --help: ${outcome.stderr}`).toBe(0);
      expect(outcome.stdout, `fleetcert ${path} --help`).toContain(`fleetcert ${path}`.trim());
    }
  }, 300_000);

  it('start certifies the demo into --out', async () => {
    const out = join(work, 'tmp', 'demo');
    const outcome = await fleetcert(['start', '--out', out, '--runs', '5'], 240_000);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/CERTIFIED\s+reference-hub/);
    expect((await stat(join(out, 'index.html'))).isFile()).toBe(true);
  }, 300_000);

  it('a small load against the reference hub (the shipped hub-smoke scenario, 2 s) passes its thresholds', async () => {
    const out = join(work, 'tmp', 'load');
    const scenario = join(app, 'fixtures', 'scenarios', 'hub-smoke.yaml');
    const outcome = await fleetcert(['load', scenario, '--duration', '2s', '--out', out], 240_000);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/verdict: PASSED/);
    const result = JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8'));
    expect(result.tool).toEqual({ name: 'fleetcert', version });
  }, 300_000);

  it('load k8s manifests name the image the Dockerfile builds (fleetcert:<version>)', async () => {
    const out = join(work, 'tmp', 'k8s');
    const scenario = join(app, 'fixtures', 'scenarios', 'smoke.yaml');
    const outcome = await fleetcert(['load', 'k8s', scenario, '--shards', '2', '--out', out]);
    expect(outcome.code, outcome.stderr).toBe(0);
    const [file] = await readdir(out);
    const manifests = await readFile(join(out, file!), 'utf8');
    expect(manifests).toContain(`image: fleetcert:${version}`);
    expect(DOCKERFILE).toContain(`docker build -t fleetcert:${version} .`);
  });
});

const engine = containerEngine();

describe('the container image, built and run', () => {
  it.skipIf(engine.reason !== undefined)(
    `builds and runs the image${engine.reason ? ` — skipped: ${engine.reason}` : ''}`,
    () => {
      const tag = `fleetcert:${version}-test`;
      const built = spawnSync(engine.command!, ['build', '-t', tag, ROOT], { encoding: 'utf8' });
      expect(built.status, built.stderr).toBe(0);
      const ran = spawnSync(engine.command!, ['run', '--rm', tag, '--version'], { encoding: 'utf8' });
      expect(ran.stdout).toBe(`${version}\n`);
      const help = spawnSync(engine.command!, ['run', '--rm', tag, 'certify', 'hub', '--help'], {
        encoding: 'utf8',
      });
      expect(help.status, help.stderr).toBe(0);
    },
    900_000,
  );
});

/** docker or podman with the Dockerfile's base images present, or why not. */
function containerEngine(): { command?: string; reason?: string } {
  const bases = [...new Set(stages.map((s) => s.base))];
  for (const command of ['docker', 'podman']) {
    const info = spawnSync(command, ['info'], { encoding: 'utf8', timeout: 20_000 });
    if (info.error || info.status !== 0) continue;
    const missing = bases.filter(
      (base) => spawnSync(command, ['image', 'inspect', base], { timeout: 20_000 }).status !== 0,
    );
    if (missing.length > 0)
      return { reason: `${command} runs but the base image ${missing.join(', ')} is not present` };
    return { command };
  }
  return { reason: 'no container engine (docker, podman) is reachable here' };
}
