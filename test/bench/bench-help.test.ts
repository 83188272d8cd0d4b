/**
 * Every `npm run bench…` script teaches with --help (its file's opening comment: what it measures,
 * its goal, its options) and refuses an unknown option with exit 2 before measuring anything.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const scripts = (
  JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { scripts: Record<string, string> }
).scripts;
const benches = Object.entries(scripts).flatMap(([name, command]) => {
  const file = /^node --import tsx (bench\/\S+\.ts)$/.exec(command)?.[1];
  return name.startsWith('bench') && file !== undefined ? [{ name, file }] : [];
});

async function bench(
  file: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('bench scripts', () => {
  it('are all found in package.json', () => {
    expect(benches.length).toBeGreaterThanOrEqual(13);
  });

  it.each(benches)('$name --help prints what it measures and exits 0', async ({ name, file }) => {
    const { code, stdout } = await bench(file, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`npm run ${name}`);
  });

  it.each(benches.filter((b) => b.name !== 'bench'))(
    '$name refuses an unknown option with exit 2, naming it',
    async ({ file }) => {
      const { code, stderr } = await bench(file, '--no-such-option');
      expect(code).toBe(2);
      expect(stderr).toContain("'--no-such-option'");
      expect(stderr).toContain('--help');
    },
  );
});
