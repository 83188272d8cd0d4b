#!/usr/bin/env node
// Compiles fleetcert to JavaScript in dist/ (tsc -p tsconfig.build.json) and copies beside the
// compiled modules the files they read relative to themselves (report templates and styles).
// Files read relative to the package root (docs/schemas, fixtures/models) stay where they are.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out-dir DIR` builds elsewhere (the container-image test assembles the image's files from it).
const outFlag = process.argv.indexOf('--out-dir');
const dist = outFlag > 0 ? resolve(process.argv[outFlag + 1]) : join(root, 'dist');
// Module-relative runtime assets: every non-TypeScript file under these source folders.
const ASSET_DIRS = ['reports'];
const ASSET = /\.(hbs|css|json)$/;

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync(dist, { recursive: true, force: true });
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', dist],
  {
    stdio: 'inherit',
  },
);
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

for (const dir of ASSET_DIRS) copyAssets(join(root, dir), join(dist, dir));

// The command catalog: what `fleetcert --help` shows without loading every command's module.
const lazy = await import(pathToFileURL(join(dist, 'cli', 'commands', 'lazy.js')).href);
const catalog = await lazy.buildCatalog();
writeFileSync(join(dist, 'cli', 'commands', lazy.CATALOG_FILE), `${JSON.stringify(catalog, null, 2)}\n`);

function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyAssets(source, join(to, entry.name));
    else if (ASSET.test(entry.name)) cpSync(source, join(to, entry.name));
  }
}
