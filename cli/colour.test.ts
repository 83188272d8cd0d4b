/** NO_COLOR (https://no-color.org): present and not empty, no ANSI colour in human output. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleVerdict } from '../src/result/rule-verdict.js';
import { colourAllowed } from './colour.js';
import { progressLine } from './commands/certify-progress.js';

// SGR sequences (colour, dim, bold): ESC [ … m. Cursor control (ESC [ 2K) is not colour.
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);

describe('NO_COLOR', () => {
  it('turns colour off when present and not empty', () => {
    expect(colourAllowed({})).toBe(true);
    expect(colourAllowed({ NO_COLOR: '' })).toBe(true);
    expect(colourAllowed({ NO_COLOR: '1' })).toBe(false);
    expect(colourAllowed({ NO_COLOR: 'false' })).toBe(false); // any value counts
  });

  it('certify progress on a terminal: redrawn in place, coloured only when allowed', () => {
    const failed = {
      rule: 'EDP-RPC-1',
      verdict: 'failed',
      counterexample: { summary: 'no reply' },
    } as unknown as RuleVerdict;
    const events = [
      { kind: 'phase', text: 'EDP-WS-3' },
      { kind: 'run', runs: 3, budget: 10, requests: 40 },
      { kind: 'requirement', requirement: failed },
    ] as const;
    for (const event of events) {
      const plain = progressLine(event as never, true, false);
      expect(plain).not.toMatch(SGR);
      expect(plain.startsWith('\r\u001b[2K')).toBe(true);
      expect(progressLine(event as never, true, true)).toMatch(SGR);
    }
  });

  it('colour codes are written only where NO_COLOR is decided (guards new colour helpers)', () => {
    const offenders: string[] = [];
    const visit = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$|testing/.test(path)) {
          if (/\\u001b\[[0-9;]*m|\\x1b\[[0-9;]*m/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    for (const root of ['src', 'cli', 'runs', 'load', 'reports', 'simulators']) visit(root);
    expect(offenders).toEqual(['cli/commands/certify-progress.ts']);
  });
});
