/**
 * JSON syntax errors name the position, never the text there (issue 19): a scenario pointing a
 * model at /proc/self/environ printed its first variable, because V8 quotes the start of the
 * text it could not parse. Property: whatever the text, the detail holds none of a secret
 * planted in it, and names the line and column V8 would blame.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as run } from '../test/support/in-process-cli.js';
import { jsonSyntaxDetail, parseBoundedJson } from './bounded-json.js';

const SECRET = 'HUNTER2SECRET';
const LIMITS = { maxBytes: 1 << 20, maxDepth: 64 };

function detailOf(text: string): string {
  const read = parseBoundedJson(text, LIMITS);
  if (read.ok || read.problem !== 'not-json') throw new Error(`expected not-json for ${text}`);
  return read.detail;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-json-detail-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('JSON syntax errors', () => {
  it('name the kind and the line and column, not the text', () => {
    expect(detailOf(`PATH=/bin\0${SECRET}=1`)).toBe('Unexpected character at line 1, column 1');
    expect(detailOf(`{\n  "a": 1,\n  "b": ${SECRET}\n}`)).toBe('Unexpected character at line 3, column 8');
    expect(detailOf('{"a": 1,}')).toBe('Expected double-quoted property name at line 1, column 9');
    expect(detailOf('[1, 2')).toBe("Expected ',' or ']' after array element at line 1, column 6");
    expect(detailOf('')).toBe('Unexpected end of JSON input');
  });

  it('never hold a secret planted anywhere in the text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const text = `${before}${SECRET}${after}`;
        let message: string;
        try {
          JSON.parse(text);
          return;
        } catch (error) {
          message = jsonSyntaxDetail(text, error);
        }
        expect(message).not.toContain(SECRET.slice(0, 3));
      }),
    );
  });

  it('through the CLI: a model, a tokens file and a hub configuration holding an environment', async () => {
    const environ = `${SECRET}=topsecret\0HOME=/root\0`;
    const path = join(dir, 'environ');
    await writeFile(path, environ);
    for (const args of [
      ['model', 'validate', path],
      ['broker', '--port', '0', '--tokens', path],
      ['hub', '--config', path],
    ]) {
      const { code, stdout, stderr } = await run(...args);
      expect(code, `${args.join(' ')}: ${stdout}${stderr}`).toBe(2);
      expect(`${stdout}${stderr}`).toContain(path);
      expect(`${stdout}${stderr}`).toMatch(/line 1, column 1/);
      expect(`${stdout}${stderr}`).not.toMatch(/HUN|topsecret|HOME/);
    }
  });
});
