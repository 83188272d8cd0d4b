/**
 * Every YAML fixture names its schema twice, for both kinds of editor: the first line is the
 * `# yaml-language-server: $schema=…` comment VS Code's YAML server reads (it ignores keys), and
 * the `$schema:` key JetBrains reads stays. Both give the same path, and it resolves to a schema
 * fleetcert publishes (draft-07, which that server supports).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PUBLISHED_SCHEMAS, type PublishedSchema, publishedSchemaPath } from './published-schemas.js';

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
const FIXTURES = yamlFiles('fixtures');
const PUBLISHED = (Object.keys(PUBLISHED_SCHEMAS) as PublishedSchema[]).map(publishedSchemaPath);
const COMMENT = /^# yaml-language-server: \$schema=(\S+)$/;

describe('YAML fixtures name their schema for VS Code and JetBrains', () => {
  it('there are YAML fixtures to check', () => {
    expect(FIXTURES.length).toBeGreaterThan(0);
  });

  it.each(FIXTURES)('%s: first line is the yaml-language-server comment, the $schema key agrees', (file) => {
    const text = readFileSync(file, 'utf8');
    const firstLine = text.split('\n', 1)[0] ?? '';
    const comment = COMMENT.exec(firstLine);
    expect(comment, `first line of ${file}: ${firstLine}`).not.toBeNull();
    const path = comment![1]!;
    expect(parse(text).$schema).toBe(path);
    expect(PUBLISHED).toContain(resolve(dirname(file), path));
    expect(JSON.parse(readFileSync(resolve(dirname(file), path), 'utf8')).$schema).toBe(
      'http://json-schema.org/draft-07/schema#',
    );
  });
});
