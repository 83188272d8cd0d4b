/** `--runs abc` names the flag and the text as typed, never "NaN" (issue 21), and exits 2. */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../test/support/in-process-cli.js';
import { notANumberProblem } from './numeric-arguments.js';

describe('numeric flags', () => {
  it.each([
    [['certify', '--model', 'm.json', '--runs', 'abc'], '--runs must be a whole number, got "abc"'],
    [['certify', 'hub', '--seed=12x'], '--seed must be a whole number, got "12x"'],
    [['load', 'k8s', 's.yaml', '--shards', 'many'], '--shards must be a whole number, got "many"'],
    [['simulate', '--telemetry', 'lots'], '--telemetry must be a number, got "lots"'],
  ])('%j', async (args, message) => {
    const outcome = await runInProcess(...args);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(outcome.stderr).not.toContain('NaN');
  });

  it('finds nothing wrong with numbers', () => {
    expect(notANumberProblem({ runs: 5, seed: 0, _: [] }, ['--runs', '5', '--seed', '0'])).toBeUndefined();
  });

  it('skips the camelCase twin and reads --key=value', () => {
    const problem = notANumberProblem({ 'time-scale': Number.NaN, timeScale: Number.NaN }, [
      '--time-scale=fast',
    ]);
    expect(problem).toBe('--time-scale must be a number, got "fast"');
  });
});
