/**
 * The device model schema (docs/schemas/edp-model.schema.json) keeps to `model validate`: every
 * fixture and every generated valid model is accepted; every structural mistake of the planted
 * catalogue is rejected; the mistakes it accepts are exactly the ones only `model validate` can
 * see (they relate one part of a model to another), listed below with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceModel } from '../../test/support/src/model/device-model.arbitrary.js';
import { type Doc, MODEL_MISTAKES, Target } from '../../test/support/src/model/mistakes/index.js';
import { schemaValidator } from '../../test/support/src/schemas/schema-validator.js';
import { validateModel } from '../model/validate.js';
import { publishedSchemaPath } from './published-schemas.js';

const check = schemaValidator('model');

/**
 * Mistakes JSON Schema cannot see: uniqueness of ids across items, references from one member to
 * another (when, in/out, effects, arguments), arithmetic between members (min <= max, a step
 * dividing its range), and values judged against a sibling's spec (maxLength, a property's range).
 */
const SEMANTIC_ONLY_MISTAKES: readonly string[] = [
  'siid repeated',
  'piid repeated',
  'range min > max',
  'range not a whole multiple',
  'float range not a multiple',
  'values repeated',
  'string value longer than maxLength',
  'when names a missing property',
  'when on itself',
  'when on a volatile property',
  'when on an unreadable property',
  'when equals an invalid value',
  'aiid repeated',
  'in names a missing property',
  'out names a missing property',
  'set names a missing property',
  'set an invalid value',
  'set from in past the end',
  'set from an in property with wider values',
  'set from an in property off the target grid',
  'toggle a number',
  'toggle a one-valued bool',
  'add to a bool',
  'add without a range',
  'add off the step',
  'emit a missing event',
  'action when names a missing property',
  'eiid repeated',
  'argument names a missing property',
  'argument not readable',
];

const modelFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? modelFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : [],
  );
const FIXTURES = [...modelFiles('fixtures/models'), 'test/support/models/keypad.json'];

const nonInfo = (doc: Doc) => doc.services.flatMap((s: Doc, i: number) => (s.siid === 1 ? [] : [i]));
const plantable = fc.tuple(deviceModel({ maxServices: 2 }), fc.nat()).map(([model, pick]) => {
  const doc = structuredClone(model) as Doc;
  const candidates = nonInfo(doc);
  return { doc, target: new Target(doc, candidates[pick % candidates.length]) };
});

describe('docs/schemas/edp-model.schema.json', () => {
  it.each(FIXTURES)('%s names the published schema in $schema, by a path that resolves', (file) => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(typeof doc.$schema).toBe('string');
    expect(resolve(dirname(file), doc.$schema)).toBe(publishedSchemaPath('model'));
  });

  it.each(FIXTURES.filter((f) => !f.includes('broken')))('accepts the valid fixture %s', (file) => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(validateModel(doc).ok).toBe(true);
    expect(check(doc)).toEqual({ valid: true, errors: [] });
  });

  it('accepts every generated valid model', () => {
    fc.assert(
      fc.property(deviceModel(), (model) => {
        const result = check(JSON.parse(JSON.stringify(model)));
        expect(result.errors).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('the semantic-only list names mistakes of the catalogue', () => {
    const names = MODEL_MISTAKES.map((m) => m.name);
    for (const name of SEMANTIC_ONLY_MISTAKES) expect(names).toContain(name);
  });

  it.each(MODEL_MISTAKES.map((m) => [m.name, m] as const))('planted mistake: %s', (name, mistake) => {
    const semantic = SEMANTIC_ONLY_MISTAKES.includes(name);
    fc.assert(
      fc.property(plantable, ({ doc, target }) => {
        mistake.plant(doc, target);
        const copy = JSON.parse(JSON.stringify(doc));
        // Whatever the schema says, model validate rejects it: the mistake is real.
        expect(validateModel(copy).ok).toBe(false);
        expect(check(copy).valid, semantic ? 'semantic-only, so the schema accepts it' : 'structural').toBe(
          semantic,
        );
      }),
      { numRuns: 15 },
    );
  });
});
