/**
 * bin/fleetcert.js in a git checkout (no `prepare` script builds dist/ on `npm install`, so a
 * clone's dist/ is absent or as old as its last `npm run build`): it runs dist/ only while dist/
 * is newer than every source it compiles, else the sources through tsx. Checked on a copy of the
 * launcher in a stand-in checkout whose dist/ and cli/main.ts say which one ran.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let checkout = '';

function whichRan(): string {
  // The test runner's FLEETCERT_FROM_SOURCES would force the sources: this test is about the default.
  const { FLEETCERT_FROM_SOURCES: _forced, ...env } = process.env;
  return execFileSync(process.execPath, [join(checkout, 'bin', 'fleetcert.js')], {
    env,
    encoding: 'utf8',
  }).trim();
}

beforeAll(async () => {
  checkout = await mkdtemp(join(tmpdir(), 'fleetcert-bin-'));
  await mkdir(join(checkout, '.git'));
  await mkdir(join(checkout, 'bin'));
  await copyFile(join(ROOT, 'bin', 'fleetcert.js'), join(checkout, 'bin', 'fleetcert.js'));
  await writeFile(join(checkout, 'package.json'), '{"type":"module"}\n');
  await symlink(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
  await mkdir(join(checkout, 'cli'));
  await mkdir(join(checkout, 'src', 'deep'), { recursive: true });
  await writeFile(
    join(checkout, 'cli', 'main.ts'),
    "export async function run(): Promise<void> { console.log('sources'); }\n",
  );
  await writeFile(join(checkout, 'src', 'deep', 'thing.ts'), 'export const thing = 1;\n');
});

afterAll(async () => {
  if (checkout) await rm(checkout, { recursive: true, force: true });
});

describe('bin/fleetcert.js in a checkout', () => {
  it('runs the sources without dist/, dist/ once built after them, and the sources again after an edit', async () => {
    expect(whichRan()).toBe('sources');
    await mkdir(join(checkout, 'dist', 'cli'), { recursive: true });
    const main = join(checkout, 'dist', 'cli', 'main.js');
    await writeFile(main, "export async function run() { console.log('dist'); }\n");
    const old = new Date(Date.now() - 60_000);
    await utimes(join(checkout, 'cli', 'main.ts'), old, old);
    await utimes(join(checkout, 'src', 'deep', 'thing.ts'), old, old);
    expect(whichRan()).toBe('dist');
    // An edit deep in a compiled folder after the build: dist/ is stale, the sources run.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(checkout, 'src', 'deep', 'thing.ts'), later, later);
    expect(whichRan()).toBe('sources');
  }, 60_000);
});
