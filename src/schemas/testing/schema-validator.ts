/**
 * Test helper: a published schema compiled by Ajv (its draft 2020-12 build), the well-kept
 * validator editors' tooling agrees with. Strict about the schema itself (an unknown keyword
 * is a mistake in the schema), lenient only about Ajv's style warnings.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type PublishedSchema, publishedSchemaPath } from '../published-schemas.js';

export interface SchemaCheck {
  readonly valid: boolean;
  /** Ajv's errors, `instancePath: message`, when invalid. */
  readonly errors: readonly string[];
}

export function schemaValidator(which: PublishedSchema): (document: unknown) => SchemaCheck {
  const ajv = new Ajv2020({
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
