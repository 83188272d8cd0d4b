/**
 * Hub configuration and `certify hub` options against hostile or mistaken input (issue 19):
 * duplicate keys were accepted silently (the last "listen", e.g. 0.0.0.0, won), a non-loopback
 * listen over plain ws:// said nothing, deadline_ms above 2^31-1 made every command -4011 after
 * a few ms, `--timeout` took up to 2^53, and `--hub-command` took an unterminated quote.
 */
import { describe, expect, it } from 'vitest';
import { splitHubCommand, unterminatedQuote } from '../../runs/hub/split-hub-command.js';
import { runInProcess as run } from '../../test/support/in-process-cli.js';
import { HubConfigError, hubConfigWarnings, MAX_HUB_DEADLINE_MS, parseHubConfig } from './hub-config.js';

const config = (extra: string) =>
  `{"listen": "127.0.0.1:8765", "apps": [{"token": "t", "devices": "*"}]${extra}}`;

function problems(text: string): string[] {
  try {
    parseHubConfig(text, 'h.json');
  } catch (error) {
    if (error instanceof HubConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('hub configuration', () => {
  it('refuses a repeated member, naming it and where it repeats', () => {
    expect(problems(config(', "listen": "0.0.0.0:8765"'))).toEqual([
      '$: member "listen" appears again at line 1, column 72; keep one',
    ]);
    expect(problems(config(''))).toEqual([]);
  });

  it('bounds deadline_ms from 1 to 600,000 ms', () => {
    for (const ok of [1, 2000, MAX_HUB_DEADLINE_MS])
      expect(problems(config(`, "deadline_ms": ${ok}`))).toEqual([]);
    for (const bad of [0, MAX_HUB_DEADLINE_MS + 1, 2 ** 31, 2 ** 53])
      expect(problems(config(`, "deadline_ms": ${bad}`))).toEqual([
        '$.deadline_ms: must be a whole number of milliseconds from 1 to 600000',
      ]);
  });

  it('warns of a listen beyond loopback (plain ws://), and only then', () => {
    const warnings = (listen: string) =>
      hubConfigWarnings(parseHubConfig(config('').replace('127.0.0.1:8765', listen)));
    for (const listen of ['127.0.0.1:8765', 'localhost:1', '127.5.0.1:80'])
      expect(warnings(listen)).toEqual([]);
    for (const listen of ['0.0.0.0:8765', '192.168.1.4:8765', 'hub.example:443'])
      expect(warnings(listen)).toEqual([expect.stringMatching(/serves plain ws:\/\/ beyond this machine/)]);
  });
});

describe('--hub-command quoting', () => {
  it('refuses an unterminated quote or a trailing backslash', () => {
    expect(unterminatedQuote('./hub "--x')).toBe('"');
    expect(unterminatedQuote("./hub '--x")).toBe("'");
    expect(unterminatedQuote('./hub --x\\')).toBe('\\');
    expect(unterminatedQuote('./hub "a \\" b"')).toBeUndefined();
    expect(unterminatedQuote("./hub 'a \\' b")).toBeUndefined();
    expect(() => splitHubCommand('./hub "--x')).toThrow(/opens a double quote it never closes/);
    expect(splitHubCommand('./hub "a b" \'c\'')).toEqual(['./hub', 'a b', 'c']);
  });
});

describe('certify hub options', () => {
  it.each([
    [['--hub-command', './hub "--x'], /opens a double quote it never closes/],
    [
      ['--hub-command', 'h', '--timeout', String(2 ** 53)],
      /2000 or more and at most 600000, got 9007199254740992/,
    ],
    [['--hub-command', 'h', '--timeout', '600001'], /at most 600000/],
    [['--hub-command', 'h', '--run-timeout', '1e12'], /from 10 to 2147483/],
  ])('%j: exit 2 naming the bound', async (args, message) => {
    const { code, stderr } = await run('certify', 'hub', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
