/**
 * report.html keeps no raw control characters from a hub's or a device's strings (issue 19):
 * Handlebars escapes HTML's characters, not ESC or BEL, so a hub answering with a terminal
 * escape put it in the page verbatim.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as run } from '../../test/support/in-process-cli.js';
import { RESULT_FIXTURES_DIR } from '../../test/support/reports/fixtures.js';
import { printableModel, printableText } from './printable-model.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-printable-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ESCAPES = '\u001b]0;owned\u0007\u001b[2J\u009b31m\u202e';
const unsafeIn = (text: string) =>
  [...text].filter(
    (c) => c !== '\n' && c !== '\t' && /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(c),
  );

describe('printable report models', () => {
  it('escape every control character but line breaks and tabs, anywhere in the model, leaving the input alone (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        const shown = printableModel(value);
        expect(JSON.stringify(value)).toBe(before);
        expect(unsafeIn(JSON.stringify(shown, (_k, v) => v) ?? '')).toEqual([]);
      }),
    );
    expect(printableText(`a\nb\tc${ESCAPES}`)).toBe(
      'a\nb\tc\\u001b]0;owned\\u0007\\u001b[2J\\u009b31m\\u202e',
    );
  });

  it('report render: a hub target and a device id holding terminal escapes are escaped in report.html', async () => {
    const result = JSON.parse(await readFile(join(RESULT_FIXTURES_DIR, 'hub-failing.json'), 'utf8'));
    result.subject.target = `evil-hub ${ESCAPES}`;
    result.subject.fleet[0].modelId = `fleetcert.bulb.v1${ESCAPES}`;
    const path = join(dir, 'hub-escapes.json');
    await writeFile(path, JSON.stringify(result));
    const out = join(dir, 'out');
    const { code, stderr } = await run('report', 'render', path, '--out', out);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(unsafeIn(html)).toEqual([]);
    expect(html).toContain('evil-hub \\u001b]0;owned\\u0007');
    // And the page still verifies: the re-rendering escapes alike.
    expect((await run('report', 'verify', join(out, 'report.html'))).code).toBe(0);
  });
});
