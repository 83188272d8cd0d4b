/**
 * What the shipped docs (README.md and docs/*.md as the npm package holds them) promise a partner,
 * read from their text, and what of it the packed package lacks. Pure: the caller gives the
 * markdown, the packed file list and the repository's file list
 * (test/package/package-install.test.ts gets them from `npm pack` and `git ls-files`).
 *
 * The rule for paths: a partner has the package, not the repository. So
 * - every path that starts with one of the repository's top-level folders (`docs/…`,
 *   `fixtures/models/bulb.json`, `src/…`, `./runs/index.js`), in prose, code spans or code blocks,
 *   must be a file or folder of the package (a `*` matches within one path segment);
 * - every relative markdown link must reach a file of the package;
 * - except a path written right after "fleetcert's source repository," or "the (source) repository's"
 *   (`fleetcert's source repository, docs/evidence/faults.md`):
 *   that names fleetcert's source repository for developers and reviewers, and must be a file or
 *   folder there instead.
 * And for code: every ```ts / ```js block imports only from 'fleetcert' (or a `node:` module),
 * never from a source path.
 */
import { posix } from 'node:path';

/** A path a doc mentions. */
export interface PathMention {
  /** `docs/faults.md:12`. */
  readonly where: string;
  /** The path as the package would hold it (`docs/protocol.md`, `fixtures/models/`). */
  readonly path: string;
  /** `package`: the partner must have it; `repository`: written after "the repository's". */
  readonly in: 'package' | 'repository';
}

/** One `import … from '…'` of a code block. */
export interface CodeImport {
  readonly where: string;
  /** Values (functions, classes, constants): what `import('fleetcert')` must expose. */
  readonly values: readonly string[];
  /** Names imported as types (`import type { A }`, `import { type B }`): only in the declarations. */
  readonly types: readonly string[];
  readonly from: string;
}

const CODE_FENCES = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);
/** "fleetcert's source repository, docs/…" (once per doc), then "the source repository's docs/…". */
const REPOSITORY_MARK =
  /(?:\bthe\s+(?:source\s+)?repository's|\bfleetcert's\s+source\s+repository,)\s+[`[]?$/;

function lineAt(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Every path under one of `topLevel` (folder names) and every relative link of `markdown`. */
export function mentionedPaths(file: string, markdown: string, topLevel: readonly string[]): PathMention[] {
  const folders = topLevel.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const pathPattern = new RegExp(
    `(?<![\\w./@~$%-])(?:\\./)?((?:${folders})/[^\\s\`'"()<>\\[\\],;:|#]*)`,
    'g',
  );
  const found: PathMention[] = [];
  for (const match of markdown.matchAll(pathPattern)) {
    const path = (match[1] ?? '').replace(/[.…]+$/, '');
    const before = markdown.slice(Math.max(0, (match.index ?? 0) - 40), match.index);
    found.push({
      where: `${file}:${lineAt(markdown, match.index ?? 0)}`,
      path,
      in: REPOSITORY_MARK.test(before) ? 'repository' : 'package',
    });
  }
  for (const match of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
    const link = (match[1] ?? '').split('#')[0] ?? '';
    if (link === '' || /^[a-z][a-z0-9+.-]*:/i.test(link)) continue;
    found.push({
      where: `${file}:${lineAt(markdown, match.index ?? 0)}`,
      path: posix.normalize(posix.join(posix.dirname(file), link)),
      in: 'package',
    });
  }
  return found;
}

/** Whether `files` (paths of files) holds `path` as a file or as a folder (`a/b/` or `a/b`). */
export function holds(files: readonly string[], path: string): boolean {
  const trimmed = path.replace(/\/+$/, '');
  if (!trimmed.includes('*')) return files.some((f) => f === trimmed || f.startsWith(`${trimmed}/`));
  const segment = trimmed
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  const pattern = new RegExp(`^${segment}(/|$)`);
  return files.some((f) => pattern.test(f));
}

/** `where: path (why)` for each mention the package (or, for "the repository's", the repository) lacks. */
export function missingPaths(
  mentions: readonly PathMention[],
  packed: readonly string[],
  repository: readonly string[],
): string[] {
  return mentions.flatMap((m) => {
    if (m.in === 'package' && !holds(packed, m.path)) return [`${m.where}: ${m.path} (not in the package)`];
    if (m.in === 'repository' && !holds(repository, m.path))
      return [`${m.where}: ${m.path} (not in the repository)`];
    return [];
  });
}

/** Every import of the ```ts / ```js blocks of `markdown`. */
export function codeImports(file: string, markdown: string): CodeImport[] {
  const found: CodeImport[] = [];
  for (const block of markdown.matchAll(/^\s*(`{3,})\s*([\w-]*)[^\n]*\n([\s\S]*?)^\s*\1/gm)) {
    if (!CODE_FENCES.has((block[2] ?? '').toLowerCase())) continue;
    const body = block[3] ?? '';
    const bodyStart = (block.index ?? 0) + (block[0] ?? '').indexOf(body);
    for (const statement of body.matchAll(/^\s*import\s+(type\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/gm)) {
      const allTypes = statement[1] !== undefined;
      const braced = /\{([\s\S]*)\}/.exec(statement[2] ?? '')?.[1] ?? '';
      const values: string[] = [];
      const types: string[] = [];
      for (const part of braced.split(',')) {
        const item = part.trim();
        if (item === '') continue;
        const name =
          item
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]
            ?.trim() ?? '';
        (allTypes || item.startsWith('type ') ? types : values).push(name);
      }
      found.push({
        where: `${file}:${lineAt(markdown, bodyStart + (statement.index ?? 0) + (statement[0] ?? '').search(/\S/))}`,
        values,
        types,
        from: statement[3] ?? '',
      });
    }
  }
  return found;
}

/** One ```ts block of a doc that imports from 'fleetcert': what a partner would paste and compile. */
export interface FleetcertCodeBlock {
  /** `docs/x.md:LINE`, the block's first line. */
  readonly where: string;
  /** The block's text, unchanged. */
  readonly source: string;
}

/** Every ```ts / ```typescript block of `markdown` that imports from 'fleetcert'. */
export function fleetcertCodeBlocks(file: string, markdown: string): FleetcertCodeBlock[] {
  const found: FleetcertCodeBlock[] = [];
  for (const block of markdown.matchAll(/^\s*(`{3,})\s*([\w-]*)[^\n]*\n([\s\S]*?)^\s*\1/gm)) {
    if (!['ts', 'typescript'].includes((block[2] ?? '').toLowerCase())) continue;
    const source = block[3] ?? '';
    if (!/^\s*import\s[\s\S]*?\sfrom\s+['"]fleetcert['"]/m.test(source)) continue;
    const bodyStart = (block.index ?? 0) + (block[0] ?? '').indexOf(source);
    found.push({ where: `${file}:${lineAt(markdown, bodyStart)}`, source });
  }
  return found;
}
