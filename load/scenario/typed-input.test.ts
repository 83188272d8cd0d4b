/**
 * Typed input (issue 21): thresholds accept spaces like durations do, a bad --threshold is blamed
 * on the flag, and a problem in the file names the file's line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../test/support/in-process-cli.js';
import { parseThreshold } from '../thresholds/parse.js';
import { loadScenarioFile, ScenarioError } from './load.js';
import { lineLocator, pathSegments } from './source-lines.js';

const SMOKE = 'fixtures/scenarios/smoke.yaml';

describe('thresholds with spaces', () => {
  it.each(['rpc.p99<250ms', 'rpc.p99<250 ms', 'rpc.p99 < 250 ms', '  rpc.p99   <   250ms '])(
    '%s means rpc.p99 below 250 ms',
    (text) => {
      const parsed = parseThreshold(text);
      expect(parsed.ok && parsed.value.bound).toEqual({ kind: 'duration', ms: 250 });
      expect(parsed.ok && parsed.value.source).toBe('rpc.p99<250ms');
    },
  );

  it('still refuses a value that is not one', () => {
    expect(parseThreshold('rpc.p99 < 250 parsecs').ok).toBe(false);
  });

  it('takes spaced thresholds from the command line', async () => {
    const scenario = await loadScenarioFile(SMOKE, { thresholds: ['rpc.p99 < 250 ms', 'rpc.lost < 0.1 %'] });
    expect(scenario.thresholds.slice(-2)).toEqual(['rpc.p99 < 250 ms', 'rpc.lost < 0.1 %']);
  });
});

describe('errors name the flag or the file line', () => {
  it('blames a bad --threshold on the flag, not the scenario file', async () => {
    const outcome = await runInProcess('load', SMOKE, '--threshold', 'rpc.p99 < abc');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--threshold "rpc.p99 < abc": bad threshold');
    expect(outcome.stderr).toContain('the command line has 1 problem(s)');
    expect(outcome.stderr).not.toContain(`scenario ${SMOKE} has`);
    expect(outcome.stderr).not.toContain('$.thresholds[');
  });

  it('names the file and line of a problem in the file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fleetcert-lines-'));
    const file = join(folder, 'bad.yaml');
    const text = readFileSync(SMOKE, 'utf8').replace('  - notify.p99<500ms', '  - notify.p99<soon');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('notify.p99<soon')) + 1;
    const error = await loadScenarioFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).problems).toEqual([
      expect.stringMatching(new RegExp(`^${escapeRegExp(file)}:${line}: \\$\\.thresholds\\[\\d+\\]`)),
    ]);
  });

  it('names the option, not a line of the file, for a bad --set', async () => {
    const error = await loadScenarioFile(SMOKE, { set: ['requests.rate=lots'] }).catch((e: unknown) => e);
    expect((error as ScenarioError).problems).toEqual([
      expect.stringMatching(/^--set requests\.rate=lots: \$\.requests\.rate/),
    ]);
  });
});

describe('line locator', () => {
  it('reads back the paths the validator writes', () => {
    expect(pathSegments('$.stages[1].hold')).toEqual(['stages', 1, 'hold']);
    expect(pathSegments('$')).toEqual([]);
    expect(pathSegments('nonsense')).toBeUndefined();
  });

  it('finds a key, an item, and the parent of a missing key', () => {
    const lineOf = lineLocator('a: 1\nlist:\n  - x\n  - y\nmap:\n  b: 2\n');
    expect(lineOf('$.a')).toBe(1);
    expect(lineOf('$.list[1]')).toBe(4);
    expect(lineOf('$.map.missing')).toBe(6);
    expect(lineOf('$.nothing')).toBeUndefined();
  });

  it('gives no line for text that does not parse', () => {
    expect(lineLocator('a: [1,\n')('$.a')).toBeUndefined();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
