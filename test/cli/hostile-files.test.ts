/**
 * Every file reader against hostile files (issue 12): size measured before reading, nesting bounded,
 * problems listed first-50-and-a-count, and text from files printed with control characters escaped.
 * Each gets a clear error naming the limit, never "unexpected error: RangeError".
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLoadResult } from '../../load/result/io.js';
import { loadScenarioFile, parseScenarioText, ScenarioError } from '../../load/scenario/load.js';
import { parseTokenFile } from '../../simulators/fleet/tokens.js';
import { loadTokensFile, parseTokensJson, TokensFileError } from '../../src/broker/tokens-file.js';
import { FleetcertError } from '../../src/errors.js';
import { parseHubConfig } from '../../src/hub/hub-config.js';
import { runInProcess as run } from '../support/in-process-cli.js';
import { RESULT_FIXTURES_DIR } from '../support/reports/fixtures.js';
import { hostileJson, nestedText } from '../support/src/protocol/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-hostile-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const DEEP_RESULT = `{"schema":"fleetcert.certification-result/1","x":${nestedText(100_000, '0')}}`;

describe('report verify and report render on a result nested 100,000 deep', () => {
  it('render: exit 2 naming the depth limit, no RangeError', async () => {
    const path = await file('deep-result.json', DEEP_RESULT);
    const { code, stderr } = await run('report', 'render', path, '--out', join(dir, 'deep-out'));
    expect(code).toBe(2);
    expect(stderr).toContain('deeper than the limit of 64 levels');
    expect(stderr).not.toMatch(/RangeError|unexpected error/);
  });

  it('verify: a verdict naming the depth limit, no RangeError', async () => {
    const path = await file('deep-verify.json', DEEP_RESULT);
    const { code, stdout, stderr } = await run('report', 'verify', path);
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toContain('deeper than the limit of 64 levels');
    expect(`${stdout}${stderr}`).not.toMatch(/RangeError|unexpected error/);
  });
});

describe('scenarios', () => {
  it('a 48 MB scenario is refused before it is read, naming the limit', async () => {
    const path = await file('huge.yaml', `name: x\npad: "${'x'.repeat(48 * 1024 * 1024)}"\n`);
    const error = await loadScenarioFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as Error).message).toMatch(/is \d+ bytes, over the limit of 1 MiB for scenarios/);
  });

  it('nesting deeper than 64 is refused with the limit, as JSON and as YAML', () => {
    expect(() => parseScenarioText(nestedText(100_000, '1'), 's.json')).toThrow(
      /deeper than the limit of 64 levels/,
    );
    expect(() => parseScenarioText(nestedText(70, '1', ['{']), 's.json')).toThrow(
      /deeper than the limit of 64 levels/,
    );
    // Block YAML 1,400 levels deep: the yaml composer would overflow its stack at about 900.
    const block = `a:\n${Array.from({ length: 1_400 }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n')}\n`;
    expect(() => parseScenarioText(block, 's.yaml')).toThrow(/deeper than the limit of 64 levels/);
  });

  it('lists the first 50 problems and counts the rest', () => {
    const problems = Array.from({ length: 120 }, (_, i) => `problem ${i}`);
    const message = new ScenarioError('s.yaml', problems).message;
    expect(message).toContain('  - problem 49\n… and 70 more (120 in all)');
    expect(message).not.toContain('problem 50');
  });

  it('never throws anything but a ScenarioError, whatever the text (property)', () => {
    fc.assert(
      fc.property(hostileJson(), (hostile) => {
        try {
          parseScenarioText(hostile.text, 'h.yaml');
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('tokens files', () => {
  it('--tokens of the broker: nesting and size refused with the limit', async () => {
    expect(() => parseTokensJson(nestedText(100_000, '1', ['{']), 't.json')).toThrow(TokensFileError);
    expect(() => parseTokensJson(nestedText(100_000, '1', ['{']), 't.json')).toThrow(
      /deeper than the limit of 64/,
    );
    const path = await file('tokens-huge.json', `{"bulb-0001":"${'t'.repeat(17 * 1024 * 1024)}"}`);
    await expect(loadTokensFile(path)).rejects.toThrow(/over the limit of 16 MiB for tokens files/);
  });

  it('a key of 60,000 characters is quoted truncated; problems are listed first 50 and a count', () => {
    const entries = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`BAD${i}${'k'.repeat(60_000)}`, 't']),
    );
    const error = (() => {
      try {
        parseTokensJson(JSON.stringify(entries), 't.json');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message.length).toBeLessThan(20_000);
    expect(error?.message).toContain('… and 30 more (80 in all)');
  });

  it('the fleet token file: nesting refused, a non-object refused', () => {
    expect(() => parseTokenFile(nestedText(100_000, '1', ['{']), 't.json')).toThrow(
      /deeper than the limit of 64/,
    );
    expect(() => parseTokenFile('{"a":', 't.json')).toThrow(FleetcertError);
  });
});

describe('load results and hub configurations', () => {
  it('a load result nested 100,000 deep is refused with the limit', () => {
    expect(() => parseLoadResult(`{"schema":"x","a":${nestedText(100_000, '1')}}`, 'r.json')).toThrow(
      /deeper than the limit of 64 levels/,
    );
  });

  it('a hub configuration nested 100,000 deep is refused with the limit', () => {
    expect(() => parseHubConfig(`{"listen":${nestedText(100_000, '1')}}`, 'hub.json')).toThrow(
      /deeper than the limit of 64 levels/,
    );
  });
});

describe('every file parser against hostile JSON (property)', () => {
  it('tokens files, hub configurations and load results throw only their own errors', () => {
    fc.assert(
      fc.property(hostileJson(), (hostile) => {
        for (const parse of [
          () => parseTokensJson(hostile.text, 't.json'),
          () => parseTokenFile(hostile.text, 't.json'),
          () => parseHubConfig(hostile.text, 'hub.json'),
          () => parseLoadResult(hostile.text, 'r.json'),
        ]) {
          try {
            parse();
          } catch (error) {
            expect(error).toBeInstanceOf(FleetcertError);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('text from files printed with control characters escaped', () => {
  it('model validate: a model id with \\r and an ANSI sequence cannot rewrite the line', async () => {
    const bulb = JSON.parse(
      await readFile(join(import.meta.dirname, '../../fixtures/models/bulb.json'), 'utf8'),
    );
    bulb.model = 'evil\r\u001b[2K\u001b[32m✔ certified';
    const path = await file('evil-model.json', JSON.stringify(bulb));
    const { stdout, stderr } = await run('model', 'validate', path);
    expect(`${stdout}${stderr}`).not.toMatch(/[^\P{Cc}\n]/u);
    expect(`${stdout}${stderr}`).toContain('evil\\r\\u001b[2K');
  });

  it('report render: a device id with \\r and ANSI escapes is printed escaped', async () => {
    const result = JSON.parse(await readFile(join(RESULT_FIXTURES_DIR, 'failing.json'), 'utf8'));
    delete result.integrity;
    result.subject.id = 'bulb\r\u001b[2KCERTIFIED';
    const path = await file('evil-result.json', JSON.stringify(result));
    const { stdout, stderr } = await run('report', 'render', path, '--out', join(dir, 'evil-out'));
    expect(`${stdout}${stderr}`).not.toMatch(/[^\P{Cc}\n]/u);
    expect(`${stdout}${stderr}`).toContain('bulb\\r\\u001b[2KCERTIFIED');
  });

  it('an error message quoting a file is escaped on stderr', async () => {
    const path = await file('evil\u001b[31m.json', 'not json');
    const { stderr } = await run('model', 'validate', path);
    expect(stderr).not.toMatch(/[^\P{Cc}\n]/u);
    expect(stderr).toContain('evil\\u001b[31m.json');
  });
});
