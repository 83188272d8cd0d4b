/**
 * Replay needs no generator: nothing trace replay loads at run time reaches conformance/generators
 * (or fast-check's arbitraries), shown twice: by walking its runtime imports, and by replaying a
 * recorded trace in a fresh module graph where loading any generator module throws. So a
 * fleetcert upgrade that changes the generators leaves committed traces valid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { fixtureModel } from '../../test/support/conformance/fixture-models.js';
import { independentDevice, recordTraceInProcess } from '../../test/support/conformance/in-process-trace.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const generatorsDir = join(root, 'conformance/generators');

/** Runtime imports only: `import type` and `export type` vanish when compiled. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s*from\s+'([^']+)'/gms)) {
    if (m[2] !== undefined) continue;
    out.push(m[4] as string);
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) out.push(m[1] as string);
  return out;
}

function closure(entries: readonly string[]): { files: Set<string>; packages: Map<string, string[]> } {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.set(spec, [...(packages.get(spec) ?? []), relative(root, file)]);
    }
  }
  return { files, packages };
}

const ENTRIES = [
  join(root, 'conformance/trace/index.ts'),
  join(root, 'conformance/trace/replay-device.ts'),
  join(root, 'cli/commands/replay.ts'),
];

describe('trace replay is generator-free', { timeout: 60_000 }, () => {
  it('reaches no generator module, and fast-check only for fc.pre in run-outcome.ts', () => {
    const { files, packages } = closure(ENTRIES);
    const generators = [...files].filter((f) => f.startsWith(generatorsDir)).map((f) => relative(root, f));
    expect(generators).toEqual([]);
    const arbitraries = [...files].filter((f) => /suite-arbitraries|suite-property|run-model-suite/.test(f));
    expect(arbitraries).toEqual([]);
    expect(packages.get('fast-check') ?? []).toEqual(['conformance/harness/run-outcome.ts']);
    expect(files.size).toBeGreaterThan(20);
  });

  it('replays to the same verdict when every generator module throws on load', async () => {
    const tamper = (f: string[]) => f.map((x) => x.replace('-32601', '-32602'));
    const model = fixtureModel('bulb');
    const trace = await recordTraceInProcess(model, independentDevice('bulb'), 'EDP-RPC-4', { tamper });

    vi.resetModules();
    const generatorFiles = readdirSync(generatorsDir).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    expect(generatorFiles.length).toBeGreaterThan(10);
    for (const file of generatorFiles) {
      vi.doMock(join(generatorsDir, file), () => {
        throw new Error(`generator module ${file} was loaded by trace replay`);
      });
    }
    try {
      const { replayTrace } = await import('./replay-trace.js');
      const { inProcessContext } = await import('../../test/support/conformance/in-process-context.js');
      const planted = await replayTrace(
        inProcessContext(model, independentDevice('bulb'), { tamper }),
        trace,
      );
      expect(planted.verdict).toBe('failed');
      if (planted.verdict === 'failed') expect(planted.broken).toContain('EDP-RPC-4');
      const fixed = await replayTrace(inProcessContext(model, independentDevice('bulb')), trace);
      expect(fixed.verdict).toBe('passed');
      // The mock bites: loading a generator in this graph does throw.
      const loaded = await import('../generators/malformed-frame.js').then(
        () => 'loaded',
        (error: Error) => String(error.cause ?? error),
      );
      expect(loaded).toMatch(/malformed-frame\.ts was loaded by trace replay/);
    } finally {
      for (const file of generatorFiles) vi.doUnmock(join(generatorsDir, file));
      vi.resetModules();
    }
  });
});
