/**
 * `report summary` writes nothing outside --out (issue 19): a result with device id `..` was
 * written one level above it. Unit checks of the folder names, then the CLI on planted results.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as run } from '../test/support/in-process-cli.js';
import { RESULT_FIXTURES_DIR } from '../test/support/reports/fixtures.js';
import { folderNameOf, SummaryFolders } from './summary-folder.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-summary-folder-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('summary folder names', () => {
  it('are never empty, `.` or `..`, and keep ordinary ids as they are', () => {
    expect(folderNameOf('bulb-0001')).toBe('bulb-0001');
    expect(folderNameOf('..')).toBe('_..');
    expect(folderNameOf('.')).toBe('_.');
    expect(folderNameOf('')).toBe('_');
    expect(folderNameOf('../../etc')).toBe('.._.._etc');
  });

  it('whatever the name, the folder lies strictly inside --out, and no two subjects share one (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }), (names) => {
        const out = join(dir, 'prop');
        const folders = new SummaryFolders(out);
        const given = names.map((name) => folders.folderFor(name));
        for (const folder of given) {
          const inside = relative(resolve(out), folder);
          expect(inside.length).toBeGreaterThan(0);
          expect(inside.split(sep)).toHaveLength(1);
          expect(inside).not.toBe('..');
        }
        expect(new Set(given.map((f) => f.toLowerCase())).size).toBe(given.length);
      }),
    );
  });
});

describe('fleetcert report summary with hostile device ids', () => {
  it('writes results for `..`, `.` and `../x` inside --out, and nothing beside it', async () => {
    const base = JSON.parse(await readFile(join(RESULT_FIXTURES_DIR, 'passing.json'), 'utf8'));
    const paths: string[] = [];
    for (const [k, id] of ['..', '.', '../x', 'a/b', 'a_b'].entries()) {
      const path = join(dir, `result-${k}.json`);
      await writeFile(path, JSON.stringify({ ...base, subject: { ...base.subject, id } }));
      paths.push(path);
    }
    const parent = join(dir, 'parent');
    const out = join(parent, 'out');
    const { code, stderr } = await run('report', 'summary', ...paths, '--out', out);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(out).sort()).toEqual(['.._x', '_.', '_..', 'a_b', 'a_b-2', 'index.html']);
    for (const folder of ['_.', '_..', '.._x', 'a_b', 'a_b-2'])
      expect(existsSync(join(out, folder, 'report.html'))).toBe(true);
  });
});
