/**
 * The nesting depth of YAML text, measured before it is composed. The yaml library's composer
 * recurses: 800 levels of `[` overflowed its stack, and near the stack limit V8 can abort the
 * whole process (a RegExp compiled there ran out of memory). Its CST parser keeps an explicit
 * stack, so the depth is read from the CST with an iterative walk, and deep text is refused
 * before the composer sees it.
 */
import { type CST, Parser } from 'yaml';

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** True when some collection in `text` is nested deeper than `maxDepth`. Never recurses. */
export function yamlDeeperThan(text: string, maxDepth: number): boolean {
  for (const document of new Parser().parse(text)) {
    if (document.type !== 'document') continue;
    const stack: { token: CST.Token | undefined; depth: number }[] = [{ token: document.value, depth: 0 }];
    while (stack.length > 0) {
      const { token, depth } = stack.pop() as { token: CST.Token | undefined; depth: number };
      if (token === undefined) continue;
      const inner = COLLECTIONS.has(token.type) ? depth + 1 : depth;
      if (inner > maxDepth) return true;
      if ('items' in token && Array.isArray(token.items)) {
        for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
          if (item.key) stack.push({ token: item.key, depth: inner });
          if (item.value) stack.push({ token: item.value, depth: inner });
        }
      }
    }
  }
  return false;
}
