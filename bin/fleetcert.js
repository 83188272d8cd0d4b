#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm run build`; `npm pack` builds it through `prepack`,
// so an installed package always has it and runs no script on install). In a git checkout it runs
// the TypeScript sources through tsx (a dev dependency) when dist/ is missing or older than a
// source it compiles (a clone's `npm install` builds nothing: the sources are what is up to date),
// or when FLEETCERT_FROM_SOURCES=1 (the tests set it).
import { existsSync, readdirSync, statSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const checkout = existsSync(new URL('../.git', import.meta.url));
const fromSources =
  checkout && (process.env.FLEETCERT_FROM_SOURCES === '1' || !existsSync(compiled) || compiledIsStale());
if (fromSources) {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(new URL('../cli/main.ts', import.meta.url).href);
  await run();
} else if (existsSync(compiled)) {
  const { run } = await import(compiled.href);
  await run();
} else {
  process.stderr.write(
    'fleetcert: this install has no dist/ folder (the compiled CLI); reinstall fleetcert, or run `npm run build` in its folder\n',
  );
  process.exit(2);
}

/** True when a file dist/ is compiled from (tsconfig.build.json's folders) changed after the build. */
function compiledIsStale() {
  const builtAt = statSync(compiled).mtimeMs;
  const roots = ['src', 'cli', 'load', 'simulators', 'conformance', 'reports', 'runs', 'lib'];
  for (const root of roots) {
    const dir = new URL(`../${root}/`, import.meta.url);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith('.test.ts') || !/\.(ts|hbs|css|json)$/.test(entry.name))
        continue;
      if (statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs > builtAt) return true;
    }
  }
  return false;
}
