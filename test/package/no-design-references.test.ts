/**
 * Partners have docs/protocol.md, not the internal protocol design (PROTOCOL.md): nothing they
 * read may send them to it. Checked: README.md, everything under docs/, examples/ and fixtures/
 * (YAML comments and sample results included), the report templates, and every string literal
 * of the shipped TypeScript (help texts, error messages, report text, not-run reasons). Code
 * comments may cite the design: they are for developers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DESIGN_REFERENCE = /PROTOCOL(\.md|\s+sections?\s)/;
const SOURCE_DIRS = ['src', 'cli', 'lib', 'conformance', 'load', 'reports', 'runs', 'simulators', 'bin'];

function filesUnder(dir: string): string[] {
  const absolute = join(ROOT, dir);
  if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory())
    return statSync(absolute, { throwIfNoEntry: false }) ? [dir] : [];
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules'
      ? []
      : entry.isDirectory()
        ? filesUnder(join(dir, entry.name))
        : [join(dir, entry.name)],
  );
}

/** `file:line: text` for each line of `text` that names the design. */
function mentions(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) => (DESIGN_REFERENCE.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

/** The string literals and template texts of a TypeScript file, comments left out. */
function stringsOf(file: string, source: string): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      if (DESIGN_REFERENCE.test(node.text)) {
        const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${file}:${line + 1}: ${node.text}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('no reference to the internal protocol design', () => {
  it('in README.md, docs/, examples/, fixtures/ and the report templates (every .hbs)', () => {
    const templates = filesUnder('reports').filter((file) => file.endsWith('.hbs'));
    const files = ['README.md', ...['docs', 'examples', 'fixtures'].flatMap(filesUnder), ...templates];
    expect(templates.length).toBeGreaterThan(2);
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap((file) => mentions(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('in the string literals of the shipped code (help, errors, reports)', () => {
    const sources = SOURCE_DIRS.flatMap(filesUnder).filter(
      (file) => /\.(ts|mts|js|mjs)$/.test(file) && !/\.test\.ts$/.test(file) && !file.endsWith('.d.ts'),
    );
    expect(sources.length).toBeGreaterThan(100);
    expect(
      sources.flatMap((file) =>
        stringsOf(relative(ROOT, join(ROOT, file)), readFileSync(join(ROOT, file), 'utf8')),
      ),
    ).toEqual([]);
  });

  it('nor to internal history a partner cannot follow, in the shipped docs (README.md, docs/*.md)', () => {
    // The issue tracker's numbers and fleetcert's own test subjects ("the outside kettle") mean
    // nothing to a partner; docs/architecture.md is for developers and is not shipped.
    const INTERNAL =
      /\bissues? #?\d|\bkettle\b|\boutside (?:kettle|hub|test hub|device|Python)|\bthe outside\b/i;
    const shipped = [
      'README.md',
      ...filesUnder('docs').filter((f) => /^docs\/[^/]+\.md$/.test(f) && f !== 'docs/architecture.md'),
    ];
    expect(shipped.length).toBeGreaterThan(8);
    const found = shipped.flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (INTERNAL.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('finds a reference in a string literal but not in a comment', () => {
    const source = [
      '/** The broker of PROTOCOL.md section 5. */',
      '// PROTOCOL section 8',
      "const a = 'see PROTOCOL.md section 7';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      'const b = `over ${a} (PROTOCOL section 8)`;',
    ].join('\n');
    expect(stringsOf('x.ts', source)).toEqual([
      'x.ts:3: see PROTOCOL.md section 7',
      'x.ts:4:  (PROTOCOL section 8)',
    ]);
    expect(mentions('y.md', 'fine\nthe design (PROTOCOL.md) wins')).toEqual([
      'y.md:2: the design (PROTOCOL.md) wins',
    ]);
  });
});
