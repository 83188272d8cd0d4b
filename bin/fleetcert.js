#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm run build`, which `npm install` runs in a clone).
// In a git checkout it runs the TypeScript sources through tsx (a dev dependency) when there is
// no dist/ yet, or when FLEETCERT_FROM_SOURCES=1 (the tests set it: dist/ may be older than src/).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
const checkout = existsSync(new URL('../.git', import.meta.url));
const fromSources = checkout && (process.env.FLEETCERT_FROM_SOURCES === '1' || !existsSync(compiled));
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
