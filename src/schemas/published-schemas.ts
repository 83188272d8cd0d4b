/**
 * The JSON Schemas (draft-07, which VS Code's JSON and YAML servers and JetBrains all apply) fleetcert publishes in docs/schemas/: device models and load
 * scenarios (for editors), and what fleetcert writes (result.json, load-result.json, trace
 * files) for CI scripts and tools that read them. The
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
  /** result.json (`fleetcert.certification-result/2`), which CI scripts parse. */
  result: 'certification-result.schema.json',
  /** load-result.json (`fleetcert.load-result/1`), which CI scripts parse. */
  loadResult: 'load-result.schema.json',
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
