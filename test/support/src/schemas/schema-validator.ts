/**
 * Test helper: a published schema compiled by Ajv's draft-07 build, the well-kept validator
 * editors' tooling agrees with (VS Code's YAML server reads draft-07 and below, so every
 * published schema keeps to draft-07: tuples as `items` arrays, `definitions`). Strict about the
 * schema itself (an unknown keyword, a 2020-12 one included, is a mistake in the schema),
 * lenient only about Ajv's style warnings.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { type PublishedSchema, publishedSchemaPath } from '../../../../src/schemas/published-schemas.js';

export interface SchemaCheck {
  readonly valid: boolean;
  /** Ajv's errors, `instancePath: message`, when invalid. */
  readonly errors: readonly string[];
}

export function schemaValidator(which: PublishedSchema): (document: unknown) => SchemaCheck {
  const ajv = new Ajv({
    allErrors: true,
    strictSchema: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  });
  const validate = ajv.compile(JSON.parse(readFileSync(publishedSchemaPath(which), 'utf8')));
  return (document) => {
    const valid = validate(document) === true;
    return {
      valid,
      errors: valid ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message}`),
    };
  };
}
