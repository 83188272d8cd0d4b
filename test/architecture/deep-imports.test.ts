/**
 * The hallways between rooms (issue 20): every production import that crosses roots goes
 * through a face (an index.ts), with no exceptions; and data flows one way — only the two top
 * faces import runs/: cli/ (the command line) and lib/ (the library entry, `import … from
 * 'fleetcert'`, which re-exports run functions the docs' "From code" sections use); nothing
 * imports cli/ or lib/; conformance/ never imports simulators/ (also
 * conformance/judge-independence.test.ts). Imports are read from the TypeScript syntax tree
 * (static, `export … from`, dynamic `import('…')` and `import('…')` types), so a comment or a
 * string that looks like an import is not one.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Production roots: the folders whose code ships. */
const ROOTS = ['src', 'cli', 'lib', 'conformance', 'simulators', 'runs', 'load', 'reports'];
/** The top floor: the faces partners use (the command line, the library entry); they alone import runs/. */
const TOP_FACES = new Set(['cli', 'lib']);

/** Test-only code is not production: *.test.ts beside what it tests; helpers live in test/support/. */
function isTestOnly(file: string): boolean {
  return file.endsWith('.test.ts');
}

/** Every folder under the production roots (a test helper folder there would be a second home). */
function productionFolders(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true }))
      if (entry.isDirectory()) {
        out.push(posix.join(dir, entry.name));
        walk(posix.join(dir, entry.name));
      }
  };
  for (const root of ROOTS) if (existsSync(join(REPO, root))) walk(root);
  return out;
}

function productionFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(REPO, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.d.ts') && !isTestOnly(path)) out.push(path);
    }
  };
  for (const root of ROOTS) if (existsSync(join(REPO, root))) walk(root);
  return out.sort();
}

function specifiers(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(REPO, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push(node.arguments[0].text);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      found.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repo file a relative specifier names (`./x.js` is `./x.ts`), or undefined for a package. */
function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const candidate of [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, `${base}/index.ts`]) {
    const path = join(REPO, candidate);
    if (existsSync(path) && statSync(path).isFile()) return candidate;
  }
  return base;
}

interface CrossImport {
  readonly from: string;
  readonly to: string;
}

const crossing: CrossImport[] = productionFiles().flatMap((from) =>
  specifiers(from).flatMap((spec) => {
    const to = resolveSpecifier(from, spec);
    if (to === undefined || to.split('/')[0] === from.split('/')[0]) return [];
    return [{ from, to }];
  }),
);
const rootOf = (file: string): string => file.split('/')[0] as string;
const show = (list: readonly CrossImport[]): string[] => list.map((i) => `${i.from} → ${i.to}`);

describe('imports across roots', () => {
  it('are read from every root (the walk is not empty)', () => {
    expect(crossing.length).toBeGreaterThan(100);
    for (const root of ROOTS) expect(existsSync(join(REPO, root, 'index.ts')), `${root}/index.ts`).toBe(true);
  });

  it('go through a face (an index.ts), with zero exceptions', () => {
    const deep = crossing.filter((i) => posix.basename(i.to) !== 'index.ts');
    expect(show(deep)).toEqual([]);
  });

  it('never reach test-only code', () => {
    expect(show(crossing.filter((i) => isTestOnly(i.to) || rootOf(i.to) === 'test'))).toEqual([]);
  });

  it('flow one way: only cli/ and lib/ import runs/, and nothing imports cli/ or lib/', () => {
    expect(show(crossing.filter((i) => rootOf(i.to) === 'runs' && !TOP_FACES.has(rootOf(i.from))))).toEqual(
      [],
    );
    expect(show(crossing.filter((i) => TOP_FACES.has(rootOf(i.to))))).toEqual([]);
    // lib/ is read: it does import runs/ (the walk sees it), so the rule above is not vacuous for it.
    expect(crossing.some((i) => rootOf(i.from) === 'lib' && rootOf(i.to) === 'runs')).toBe(true);
  });

  it('keep the judges apart from what they judge: conformance/ never imports simulators/', () => {
    const judged = crossing.filter((i) => rootOf(i.from) === 'conformance' && rootOf(i.to) === 'simulators');
    expect(show(judged)).toEqual([]);
  });

  it('leave test helpers one home, test/support/: no testing/ folder in a production root', () => {
    expect(productionFolders().length).toBeGreaterThan(20);
    expect(productionFolders().filter((d) => /(^|\/)testing$/.test(d))).toEqual([]);
  });

  it('keep src/ the ground floor: it imports no other root', () => {
    expect(show(crossing.filter((i) => rootOf(i.from) === 'src'))).toEqual([]);
  });
});
