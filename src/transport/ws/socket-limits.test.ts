/**
 * Every WebSocket fleetcert opens or accepts is bounded and uncompressed (issue 19): a static
 * scan of the sources, so a new `new WebSocket(`/`new WebSocketServer(` without `maxPayload`
 * and `perMessageDeflate: false` fails here rather than in a review. Tests and their support
 * code (which play hostile peers on purpose) are not scanned.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'cli', 'runs', 'load', 'conformance', 'simulators', 'reports', 'bench'];
const CONSTRUCTOR = /new\s+(WebSocket|WebSocketServer|WebSocket\.Server)\s*\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|mjs|js)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The argument text of the call whose `(` is at `open`: up to the matching `)`. */
function argumentsAt(text: string, open: number): string {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    if (text[at] === '(') depth++;
    else if (text[at] === ')' && --depth === 0) return text.slice(open + 1, at);
  }
  return text.slice(open + 1);
}

function unboundedSockets(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(CONSTRUCTOR)) {
      const args = argumentsAt(text, (match.index ?? 0) + match[0].length - 1);
      const missing = [
        /\bmaxPayload\b/.test(args) ? undefined : 'maxPayload',
        /\bperMessageDeflate\s*:\s*false\b/.test(args) ? undefined : 'perMessageDeflate: false',
      ].filter((m) => m !== undefined);
      if (missing.length > 0) {
        const line = text.slice(0, match.index).split('\n').length;
        found.push(`${file}:${line}: ${match[1]} without ${missing.join(' and ')}`);
      }
    }
  }
  return found;
}

describe('WebSocket limits (issue 19)', () => {
  it('every WebSocket client and server in the sources sets maxPayload and perMessageDeflate: false', () => {
    const files = ROOTS.flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    expect(unboundedSockets(files)).toEqual([]);
  });

  it('the scan finds a socket created without them (the check is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetcert-ws-scan-'));
    const file = join(dir, 'planted.ts');
    writeFileSync(
      file,
      [
        'const a = new WebSocket(url, { headers: h(1), maxPayload: 1024, perMessageDeflate: false });',
        'const b = new WebSocketServer({ noServer: true, maxPayload: 1024 });',
        'const c = new WebSocket(url, { headers: { authorization: token } });',
      ].join('\n'),
    );
    expect(unboundedSockets([file])).toEqual([
      `${file}:2: WebSocketServer without perMessageDeflate: false`,
      `${file}:3: WebSocket without maxPayload and perMessageDeflate: false`,
    ]);
  });
});
