/**
 * The package as partners get it: `npm pack` (which builds dist/ through `prepack`), then
 * `npm install -g` of the tarball into a temporary prefix, as on a clean machine. The installed
 * `fleetcert` prints its version, every command's `--help` works, and `start` certifies the demo.
 * The shipped docs promise only what the package holds: every name their code blocks import from
 * 'fleetcert' is exported (values at run time, every name in the declarations), and every path
 * they mention is in the packed file list (the rule: test/support/package-docs.ts).
 * Slow (a build and an install): one file. The registry is used with --prefer-offline.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliOutcome, helpOfEveryCommand, runProgram } from '../support/every-command.js';
import { codeImports, fleetcertCodeBlocks, mentionedPaths, missingPaths } from '../support/package-docs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};
let work = '';
let tarball = '';
let fleetcert = '';
/** Paths of the packed files, as `npm pack` lists them. */
let packedFiles: string[] = [];

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
  packedFiles = info.files.map((f) => f.path);
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
  // No script runs on install (npm 11 warns about each one, and the package ships no scripts/ to run).
  expect(`${install.stdout}${install.stderr}`).not.toMatch(/install-scripts|allowScripts|prepare/);
  fleetcert = join(prefix, 'bin', 'fleetcert');
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('fleetcert installed from its packed tarball', () => {
  it('ships the compiled CLI with its production dependencies, and no tsx', async () => {
    const installed = installedPackage();
    const shipped = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    for (const onInstall of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(shipped.scripts?.[onInstall], `scripts.${onInstall}`).toBeUndefined();
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

  it("ships the partner docs and leaves out the developers' (docs/evidence/, docs/architecture.md)", () => {
    expect(packedFiles).toContain('docs/certification.md');
    expect(packedFiles).toContain('deploy/grafana/dashboards/fleetcert-load.json');
    expect(packedFiles.filter((f) => f.startsWith('docs/evidence/') || f === 'docs/architecture.md')).toEqual(
      [],
    );
  });

  it('every path the shipped docs mention is in the package (or, after "the repository\'s", in the repository)', () => {
    const repository = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f !== '');
    // The repository's top-level folders, and dist/ (built, not tracked).
    const topLevel = [
      ...new Set(repository.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!)),
      'dist',
    ];
    const shippedDocs = packedFiles.filter((f) => f.endsWith('.md'));
    expect(shippedDocs).toEqual(expect.arrayContaining(['README.md', 'docs/faults.md', 'docs/load.md']));
    const mentions = shippedDocs.flatMap((file) =>
      mentionedPaths(file, readFileSync(join(installedPackage(), file), 'utf8'), topLevel),
    );
    // Not vacuous: the docs name many package paths and point at the repository's evidence.
    expect(mentions.filter((m) => m.in === 'package').length).toBeGreaterThan(50);
    const pointers = mentions.filter((m) => m.in === 'repository');
    expect(pointers.length).toBeGreaterThan(5);
    expect(missingPaths(mentions, packedFiles, repository)).toEqual([]);
    // A pointer to the repository names what the package does not ship (else it would name the file).
    expect(pointers.filter((m) => packedFiles.includes(m.path)).map((m) => `${m.where}: ${m.path}`)).toEqual(
      [],
    );
  });

  it("exports every name the shipped docs' code blocks import from 'fleetcert', values and types", async () => {
    const imports = packedFiles
      .filter((f) => f.endsWith('.md'))
      .flatMap((file) => codeImports(file, readFileSync(join(installedPackage(), file), 'utf8')));
    expect(imports.filter((i) => i.from !== 'fleetcert' && !i.from.startsWith('node:'))).toEqual([]);
    const values = [...new Set(imports.flatMap((i) => i.values))].sort();
    const types = [...new Set(imports.flatMap((i) => i.types))].sort();
    expect(values).toEqual(
      expect.arrayContaining(['runDevice', 'runDeviceCertification', 'runHubCertification']),
    );
    // A partner's project with the installed package in its node_modules (as `npm install` leaves it).
    const project = join(work, 'partner-project');
    await mkdir(join(project, 'node_modules'), { recursive: true });
    await symlink(installedPackage(), join(project, 'node_modules', 'fleetcert'), 'dir');
    await writeFile(
      join(project, 'package.json'),
      '{ "name": "partner-project", "private": true, "type": "module" }\n',
    );
    const exported = await runProgram(
      process.execPath,
      ['--input-type=module', '-e', "console.log(JSON.stringify(Object.keys(await import('fleetcert'))))"],
      { cwd: project },
    );
    expect(exported.code, exported.stderr).toBe(0);
    const names = new Set(JSON.parse(exported.stdout) as string[]);
    expect(values.filter((name) => !names.has(name))).toEqual([]);
    // The declarations ("types" of the exports) name every value and type the docs import.
    const lines = [
      `import { ${values.join(', ')} } from 'fleetcert';`,
      types.length > 0 ? `import type { ${types.join(', ')} } from 'fleetcert';` : '',
      `export const used = [${values.join(', ')}];`,
    ];
    await writeFile(join(project, 'uses-docs.ts'), `${lines.join('\n')}\n`);
    // Each ```ts block that imports from 'fleetcert' compiles as written, as a module of its own
    // (top-level await allowed): a partner pastes them. One tsc run checks them all; a failure
    // names the block's doc and line (the file header).
    const blocks = packedFiles
      .filter((f) => f.endsWith('.md'))
      .flatMap((file) => fleetcertCodeBlocks(file, readFileSync(join(installedPackage(), file), 'utf8')));
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const blockFiles = blocks.map((_, i) => `doc-block-${i}.ts`);
    await Promise.all(
      blocks.map((block, i) =>
        writeFile(join(project, blockFiles[i]!), `// ${block.where}\n${block.source}\nexport {};\n`),
      ),
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['uses-docs.ts', ...blockFiles],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const checked = await runProgram(process.execPath, [tsc, '-p', join(project, 'tsconfig.json')], {
      cwd: project,
      timeoutMs: 120_000,
    });
    const where = (out: string) =>
      out.replace(
        /doc-block-(\d+)\.ts\((\d+)/g,
        (_, i, line) => `${blocks[Number(i)]!.where} (+${Number(line) - 2})`,
      );
    expect(checked.code, where(checked.stdout + checked.stderr)).toBe(0);
  }, 180_000);

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

/** The temporary global prefix the tarball was installed into. */
function prefix(): string {
  return join(work, 'prefix');
}

/** Where `npm install -g` put the package: the docs are read from here, as a partner has them. */
function installedPackage(): string {
  return join(prefix(), 'lib', 'node_modules', 'fleetcert');
}

function expectHelp(path: string, outcome: CliOutcome): void {
  expect(outcome.code, `fleetcert ${path} --help: ${outcome.stderr}`).toBe(0);
  expect(outcome.stderr, `fleetcert ${path} --help`).toBe('');
  expect(outcome.stdout, `fleetcert ${path} --help`).toContain(`fleetcert ${path}`.trim());
  expect(outcome.stdout, `fleetcert ${path} --help`).toContain('--help');
}
