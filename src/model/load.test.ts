import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelFileError, ModelValidationError } from './errors.js';
import { loadModelFile, parseModelText } from './load.js';
import { findAction, findProperty } from './lookup.js';

const MODELS = join(import.meta.dirname, '../../fixtures/models');

describe('reference models (MODELS.md)', () => {
  it.each(['bulb', 'purifier', 'tv'])('%s.json loads cleanly (EDP-MODEL-1)', async (name) => {
    const loaded = await loadModelFile(join(MODELS, `${name}.json`));
    expect(loaded.model.model).toBe(`fleetcert.${name}.v1`);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('every example model loads cleanly', async () => {
    const files = readdirSync(join(MODELS, 'examples')).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files)
      await expect(loadModelFile(join(MODELS, 'examples', file))).resolves.toBeDefined();
  });

  it('keeps the details MODELS.md gives', async () => {
    const bulb = (await loadModelFile(join(MODELS, 'bulb.json'))).model;
    expect(findProperty(bulb, 3, 1)).toMatchObject({
      format: 'float',
      range: [0, 60, 0.1],
      volatile: true,
      access: ['read', 'notify'],
    });
    const purifier = (await loadModelFile(join(MODELS, 'purifier.json'))).model;
    expect(findProperty(purifier, 2, 3)?.when).toEqual({ piid: 2, equals: 3 });
    const tv = (await loadModelFile(join(MODELS, 'tv.json'))).model;
    expect(findAction(tv, 2, 5)).toMatchObject({
      in: [6],
      effects: [
        { op: 'set', piid: 6, from: 'in', index: 0 },
        { op: 'emit', eiid: 1 },
      ],
      when: { piid: 1, equals: true },
    });
  });
});

describe('five-mistakes.json (issue 2 acceptance)', () => {
  it('lists all five problems with their paths', async () => {
    const error = await loadModelFile(join(MODELS, 'broken/five-mistakes.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelValidationError);
    const problems = (error as ModelValidationError).problems;
    expect(problems.map((p) => p.path)).toEqual([
      '$.services[1].properties[1].range[1]',
      '$.services[1].properties[2].piid',
      '$.services[1].properties[3].when.piid',
      '$.services[1].actions[0].effects[0].piid',
      '$.services[1].actions[1].effects[0].eiid',
    ]);
    expect((error as ModelValidationError).exitCode).toBe(2);
    expect((error as ModelValidationError).code).toBe('EDP-MODEL-1');
  });

  it('words a problem line exactly', async () => {
    const error = (await loadModelFile(join(MODELS, 'broken/five-mistakes.json')).catch(
      (e: unknown) => e,
    )) as ModelValidationError;
    expect(error.message.split('\n')[2]).toBe(
      '  $.services[1].properties[2].piid: piid 2 is already used by $.services[1].properties[1] — Give each item a different piid.',
    );
  });
});

describe('parseModelText', () => {
  it('names line and column of a JSON syntax error', () => {
    const error = (() => {
      try {
        parseModelText('{\n  "edp": 1,\n  "type": "x",,\n}', 'm.json');
      } catch (e) {
        return e;
      }
    })() as ModelFileError;
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('FLEETCERT_MODEL_FILE');
    expect([error.line, error.column]).toEqual([3, 15]);
    expect(error.message).toContain('m.json is not valid JSON at line 3, column 15');
  });

  it('reports a truncated document at its end', () => {
    expect(() => parseModelText('{"edp": 1', 'cut.json')).toThrow(/at line 1, column 10/);
  });

  it('reports an unreadable file with exit code 2', async () => {
    await expect(loadModelFile('/nonexistent/model.json')).rejects.toMatchObject({
      code: 'FLEETCERT_MODEL_FILE',
      exitCode: 2,
    });
  });
});
