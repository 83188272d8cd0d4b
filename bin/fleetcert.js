#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm run build`, which `npm install` runs in a clone).
// Only in a git checkout without dist/ does it fall back to running the TypeScript sources
// through tsx (a dev dependency), so a clone keeps working before its first build.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  const { run } = await import(compiled.href);
  await run();
} else if (existsSync(new URL('../.git', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  const { run } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
  await run();
} else {
  process.stderr.write('fleetcert: this install has no dist/ folder (compiled CLI); reinstall fleetcert, or run `npm run build` in its folder\n');
  process.exit(1);
}
