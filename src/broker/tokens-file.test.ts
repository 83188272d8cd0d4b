import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokensFile, parseTokensJson, TokensFileError } from './tokens-file.js';

describe('--tokens FILE', () => {
  it('reads a username → token map', () => {
    const tokens = parseTokensJson('{"bulb-0001":"a","controller:hub":"b"}', 'tokens.json');
    expect([...tokens]).toEqual([
      ['bulb-0001', 'a'],
      ['controller:hub', 'b'],
    ]);
  });

  it('lists every problem at once, naming the file and each key', () => {
    let error: unknown;
    try {
      parseTokensJson(
        '{"Bad Id":"a","controller:":"b","bulb-0001":"","tv-0001":3,"ok-device":"x"}',
        'f.json',
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TokensFileError);
    const message = (error as Error).message;
    expect(message).toContain('f.json: 4 problem(s)');
    for (const key of ['"Bad Id"', '"controller:"', '"bulb-0001"', '"tv-0001"'])
      expect(message).toContain(key);
    expect(message).not.toContain('"ok-device"');
  });

  it('refuses text that is not a JSON object', () => {
    expect(() => parseTokensJson('nope', 'f.json')).toThrow(/f.json: not JSON/);
    expect(() => parseTokensJson('["a"]', 'f.json')).toThrow(/expected a JSON object/);
    expect(() => parseTokensJson('{}', 'f.json')).toThrow(/no usernames/);
  });

  it('loads a file into a token policy, and names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-tokens-'));
    try {
      const file = join(dir, 'tokens.json');
      await writeFile(file, '{"bulb-0001":"a"}');
      const policy = await loadTokensFile(file);
      expect(policy.accepts('bulb-0001', Buffer.from('a'))).toBe(true);
      expect(policy.accepts('bulb-0001', Buffer.from('b'))).toBe(false);
      await expect(loadTokensFile(join(dir, 'missing.json'))).rejects.toThrow(
        /cannot read tokens file .*missing.json/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
