/** `fleetcert model schema` and `fleetcert load schema` print the published files exactly. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runInProcess as run } from '../../test/support/in-process-cli.js';

describe('schema commands', () => {
  it.each([
    [['model', 'schema'], 'docs/schemas/edp-model.schema.json'],
    [['load', 'schema'], 'docs/schemas/load-scenario.schema.json'],
    [['report', 'schema', 'result'], 'docs/schemas/certification-result.schema.json'],
    [['report', 'schema', 'load-result'], 'docs/schemas/load-result.schema.json'],
    [['report', 'schema', 'trace'], 'docs/schemas/trace.schema.json'],
  ])('fleetcert %j prints %s', async (args, file) => {
    const { code, stdout } = await run(...args);
    expect(code).toBe(0);
    expect(stdout).toBe(await readFile(file, 'utf8'));
    expect(JSON.parse(stdout).$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('fleetcert replay of a file that is not a trace stops with exit 2 before reaching any device', async () => {
    const { code, stderr } = await run(
      'replay',
      'fixtures/models/broken/five-mistakes.json',
      '--ws',
      'ws://127.0.0.1:9/edp/1',
      '--token',
      't',
      '--log-level',
      'silent',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('not a fleetcert trace file');
  });
});
