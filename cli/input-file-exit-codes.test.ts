/**
 * Bad input files are bad usage: every command that reads one exits 2, as its --help says
 * (issue 21: `simulate --model bad.json` exited 1). Only `model validate` exits 1 for an invalid
 * model, because that is its verdict.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../test/support/in-process-cli.js';

const folder = mkdtempSync(join(tmpdir(), 'fleetcert-bad-input-'));
const notJson = join(folder, 'not-json.json');
const notAModel = join(folder, 'not-a-model.json');
const notYaml = join(folder, 'not-yaml.yaml');
writeFileSync(notJson, '{bad');
writeFileSync(notAModel, '{"a":1}');
writeFileSync(notYaml, 'not yaml: [');

describe('input-file errors exit 2 everywhere', () => {
  it.each([
    ['simulate', '--model', notAModel],
    ['simulate', '--model', notJson],
    ['certify', '--model', notAModel, '--broker', 'mqtt://127.0.0.1:1', '--device-id', 'x', '--token', 't'],
    ['hub', '--config', notJson],
    ['hub', '--config', notAModel],
    ['replay', notJson],
    ['report', 'render', notJson],
    ['load', notYaml],
    ['load', 'merge', notJson],
  ])('%j', async (...args) => {
    const outcome = await runInProcess(...args);
    expect(outcome.stderr).toContain(args.at(-1) === 't' ? notAModel : args.at(-1));
    expect(outcome.code).toBe(2);
  });

  it('model validate keeps 1 for an invalid model: that is its verdict', async () => {
    expect((await runInProcess('model', 'validate', notAModel)).code).toBe(1);
  });
});
