/**
 * Duplicate member names in JSON text. JSON.parse keeps the last of them silently (RFC 8259
 * only says names SHOULD be unique); a model whose second "read" overrides the first is a
 * mistake to show its author, as YAML scenarios already refuse duplicates. The yaml library
 * reads JSON (YAML 1.2 is a superset) with positions, so no JSON parser is written here; the
 * walk over its nodes is iterative. Call it on text already parsed and depth-bounded
 * (src/bounded-json.ts): the yaml composer recurses.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export interface DuplicateKey {
  /** Path of the object holding the duplicate, e.g. `$.services[1].properties[0]`. */
  readonly path: string;
  readonly key: string;
  /** 1-based position of the repeated member. */
  readonly line: number;
  readonly column: number;
}

export function findDuplicateKeys(text: string): DuplicateKey[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: false, lineCounter, keepSourceTokens: false });
  // Not JSON that yaml reads alike (it should be): nothing can be said about duplicates.
  if (document.errors.length > 0) return [];
  const found: DuplicateKey[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: document.contents, path: '$' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: string };
    if (isMap(node)) {
      const seen = new Set<string>();
      const children: { node: unknown; path: string }[] = [];
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
          const { line, col } = lineCounter.linePos(offset);
          found.push({ path, key, line, column: col });
        }
        seen.add(key);
        children.push({ node: pair.value, path: `${path}${memberPath(key)}` });
      }
      stack.push(...children.reverse());
    } else if (isSeq(node)) {
      const children = node.items.map((item, index) => ({ node: item, path: `${path}[${index}]` }));
      stack.push(...children.reverse());
    }
  }
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

function memberPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
