/**
 * The judge shares no code with what it judges (HOUSE rule 14): nothing under conformance/,
 * tests included, imports simulators/, directly or through the test helpers it uses.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) =>
    resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
  );
}

describe('conformance/ is independent of simulators/', () => {
  it('reaches no file under simulators/ through its imports', () => {
    const seen = new Set<string>();
    const queue = tsFiles(join(root, 'conformance'));
    const offending: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const target of imports(file)) {
        if (relative(root, target).startsWith('simulators'))
          offending.push(`${relative(root, file)} → ${relative(root, target)}`);
        else if (target.startsWith(root) && !target.includes('node_modules')) queue.push(target);
      }
    }
    expect(offending).toEqual([]);
    expect(seen.size).toBeGreaterThan(50);
  });
});
