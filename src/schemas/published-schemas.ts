/**
 * The JSON Schemas (draft 2020-12) fleetcert publishes in docs/schemas/: device models and load
 * scenarios (for editors), and the trace files certify writes (for tools that read them). The
 * files there are the source of truth; `fleetcert model schema` and `fleetcert load schema`
 * print them, and fixtures name them in `$schema` by relative path.
 */
import { readFile } from 'node:fs/promises';
import { packagePath } from '../package/package-root.js';

export const PUBLISHED_SCHEMAS = {
  model: 'edp-model.schema.json',
  scenario: 'load-scenario.schema.json',
  /** Trace files (`fleetcert.trace/1`), for tools that read them. */
  trace: 'trace.schema.json',
} as const;

export type PublishedSchema = keyof typeof PUBLISHED_SCHEMAS;

/** Where the schema file lives in this fleetcert. */
export function publishedSchemaPath(which: PublishedSchema): string {
  return packagePath('docs', 'schemas', PUBLISHED_SCHEMAS[which]);
}

/** The schema file's text, exactly as published. */
export async function readPublishedSchema(which: PublishedSchema): Promise<string> {
  return readFile(publishedSchemaPath(which), 'utf8');
}
