/** `fleetcert model validate`, run as a partner runs it: a real process, exact text, exit codes. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/model/index.js';

const ROOT = join(import.meta.dirname, '../..');
const MODELS = 'fixtures/models';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function fleetcert(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/fleetcert.js', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

// Spawn every case at once: each run pays for starting node and tsx.
const runs: Record<string, Promise<Run>> = {};
let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fleetcert-model-'));
  writeFileSync(join(scratch, 'syntax.json'), '{\n  "edp": 1,\n  "type": "bulb"\n  "model": "x"\n}\n');
  runs.references = fleetcert(
    'model',
    'validate',
    `${MODELS}/bulb.json`,
    `${MODELS}/purifier.json`,
    `${MODELS}/tv.json`,
  );
  runs.broken = fleetcert('model', 'validate', `${MODELS}/broken/five-mistakes.json`);
  runs.json = fleetcert(
    'model',
    'validate',
    '--json',
    `${MODELS}/broken/five-mistakes.json`,
    `${MODELS}/tv.json`,
  );
  runs.missing = fleetcert(
    'model',
    'validate',
    `${MODELS}/tv.json`,
    `${MODELS}/broken/five-mistakes.json`,
    'no/such/model.json',
  );
  runs.syntax = fleetcert('model', 'validate', join(scratch, 'syntax.json'));
  runs.none = fleetcert('model', 'validate');
  runs.unknown = fleetcert('model', 'validate', '--strictest', `${MODELS}/tv.json`);
  runs.help = fleetcert('model', 'validate', '--help');
});

describe('fleetcert model validate', () => {
  it('accepts each reference model: one line each, exit 0', async () => {
    const run = await runs.references!;
    const expected = await Promise.all(
      ['bulb', 'purifier', 'tv'].map(async (name) => {
        const { sha256 } = await loadModelFile(join(ROOT, MODELS, `${name}.json`));
        return `✔ ${MODELS}/${name}.json: fleetcert.${name}.v1 is a valid EDP/1 model (sha256 ${sha256})`;
      }),
    );
    expect(run.stdout).toBe(`${expected.join('\n')}\n3 of 3 models valid\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('lists all five mistakes with paths and fixes, exit 1 (issue 2 acceptance)', async () => {
    const run = await runs.broken!;
    expect(run.stdout).toBe(
      [
        `✘ ${MODELS}/broken/five-mistakes.json: not a valid EDP/1 model, 5 problems (EDP-MODEL-1)`,
        '  $.services[1].properties[1].range[1]: max 300 is outside the limits of uint8 (0..255)',
        '    fix: Keep min and max within 0..255, or use a wider format.',
        '  $.services[1].properties[2].piid: piid 2 is already used by $.services[1].properties[1]',
        '    fix: Give each item a different piid.',
        '  $.services[1].properties[3].when.piid: service 2 has no property with piid 9',
        '    fix: Use the piid of a property declared in service 2, or declare property 9 there.',
        '  $.services[1].actions[0].effects[0].piid: add needs a numeric property with a range, and property 1 is bool',
        '    fix: Add to a numeric property with a range, or use "toggle".',
        '  $.services[1].actions[1].effects[0].eiid: service 2 has no event with eiid 7',
        '    fix: Emit an event declared in service 2, or declare event 7 there.',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(1);
  });

  it('prints one JSON document with --json', async () => {
    const run = await runs.json!;
    const output = JSON.parse(run.stdout);
    expect(output.valid).toBe(false);
    expect(output.results).toHaveLength(2);
    expect(output.results[0].problems.map((p: { path: string }) => p.path)).toHaveLength(5);
    expect(output.results[0].problems[0]).toEqual({
      path: '$.services[1].properties[1].range[1]',
      message: 'max 300 is outside the limits of uint8 (0..255)',
      fix: 'Keep min and max within 0..255, or use a wider format.',
    });
    expect(output.results[1]).toMatchObject({
      file: `${MODELS}/tv.json`,
      ok: true,
      model: 'fleetcert.tv.v1',
    });
    expect(output.results[1].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(run.code).toBe(1);
  });

  it('exits 2 for a file it cannot read, after judging the others', async () => {
    const run = await runs.missing!;
    expect(run.stderr).toBe('✘ cannot read model file no/such/model.json: no such file. Check the path.\n');
    expect(run.stdout).toMatch(/^✔ fixtures\/models\/tv.json: fleetcert.tv.v1 is a valid EDP\/1 model/);
    expect(run.stdout).toContain(
      '✘ fixtures/models/broken/five-mistakes.json: not a valid EDP/1 model, 5 problems',
    );
    expect(run.stdout.endsWith('1 of 3 models valid\n')).toBe(true);
    expect(run.code).toBe(2);
  });

  it('exits 2 for a JSON syntax error, naming line and column', async () => {
    const run = await runs.syntax!;
    expect(run.stderr).toMatch(/^✘ model file .*syntax\.json is not valid JSON at line 4, column 3: /);
    expect(run.code).toBe(2);
  });

  it('exits 2 on bad usage', async () => {
    const none = await runs.none!;
    expect(none.stderr).toBe(
      'fleetcert: Name at least one model file, e.g. `fleetcert model validate fixtures/models/bulb.json`. [FLEETCERT_USAGE]\n',
    );
    expect(none.code).toBe(2);
    const unknown = await runs.unknown!;
    expect(unknown.stderr).toBe('fleetcert: Unknown argument: strictest\nRun with --help for usage.\n');
    expect(unknown.stdout).toBe('');
    expect(unknown.code).toBe(2);
  });

  it('shows examples in --help', async () => {
    const run = await runs.help!;
    expect(run.stdout).toContain('fleetcert model validate fixtures/models/bulb.json');
    expect(run.stdout).toContain(
      'Exit codes: 0 every model valid, 1 a model is invalid, 2 a file cannot be read or is not JSON.',
    );
    expect(run.code).toBe(0);
  });
});
